import { useState, type ReactNode } from 'react';
import { isAppError } from '../../../shared/errors.js';
import type { FactsFilterQuery, RefreshProgressView, TrackedRepoView, TrackedRepoWithFacts } from '../../../shared/tracking-api.js';
import { formatParameters } from '../../../shared/format-parameters.js';
import { Badge } from '../../components/Badge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { formatDateTime, formatRelativeTime } from '../../format/dates.js';
import { shortHash } from '../../format/oids.js';
import { filteredReposQuery, TRACKING_KEY } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { formatHash } from '../../routing/routes.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { FactsFilterForm } from '../../components/FactsFilterForm.js';
import { TrackForm } from './TrackForm.js';
import { trackedName } from './TrackedRepoPicker.js';

/** As many repos refresh at once as the core allows. */
const REFRESH_CONCURRENCY = 4;

export function TrackedReposPanel(): ReactNode {
  const [filter, setFilter] = useState<FactsFilterQuery>({});
  const filtered = Object.keys(filter).length > 0;
  const query = useQuery(filteredReposQuery(filter));
  return (
    <>
      <TrackForm />
      <FactsFilterForm onApply={setFilter} />
      <QueryContent query={query} what="the tracked repos">
        {(data) =>
          data.repos.length === 0 ? (
            filtered ? (
              <EmptyState title="No tracked repo matches these filters" />
            ) : (
              <EmptyState title="No tracked repos yet">Track a repo above: its files and hashes are then searchable offline.</EmptyState>
            )
          ) : (
            <TrackedReposTable repos={data.repos} />
          )
        }
      </QueryContent>
    </>
  );
}

function TrackedReposTable({ repos }: { readonly repos: readonly TrackedRepoWithFacts[] }): ReactNode {
  const api = useApi();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const [refreshing, setRefreshing] = useState<ReadonlySet<number>>(new Set());
  // The last refresh of this window: kept once it ended, so what it listed stays readable.
  const [progress, setProgress] = useState<{ ids: readonly number[]; done: number; ended: boolean } | undefined>(undefined);
  // The queue's refresh jobs as they run (this window's, the schedule's, another window's), over the event stream.
  const live = useAppStore((state) => state.trackingRefreshes);
  const [removing, setRemoving] = useState<TrackedRepoView | undefined>(undefined);
  const now = Date.now();

  const refresh = async (ids: readonly number[]): Promise<void> => {
    setRefreshing((current) => new Set([...current, ...ids]));
    setProgress({ ids, done: 0, ended: false });
    const failures: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as number;
        try {
          const { results } = await api.tracking.refresh(id);
          for (const result of results) if (result.error !== null) failures.push(result.error);
        } catch (error) {
          failures.push(isAppError(error) ? error.message : 'The core could not be reached');
        }
        setProgress((current) => current && { ...current, done: current.done + 1 });
        setRefreshing((current) => new Set([...current].filter((candidate) => candidate !== id)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, ids.length) }, worker));
    setProgress((current) => current && { ...current, ended: true });
    invalidate(TRACKING_KEY);
    if (failures.length > 0) notify(`${failures.length} of ${ids.length} refreshes failed (the last good structure is kept): ${failures[0] ?? ''}`, 'error');
    else notify(ids.length === 1 ? 'Refreshed.' : `Refreshed ${ids.length} repos.`);
  };

  const remove = (repo: TrackedRepoView): void => {
    setRemoving(undefined);
    api.tracking.untrack(repo.id).then(
      () => {
        invalidate(TRACKING_KEY);
        notify(`No longer tracking ${trackedName(repo)}.`);
      },
      (error: unknown) => notify(isAppError(error) ? error.message : 'The core could not be reached', 'error'),
    );
  };

  const columns: readonly TrackingColumn<TrackedRepoWithFacts>[] = [
    {
      key: 'repo',
      label: 'Repo',
      cell: (repo) => (
        <>
          <a href={formatHash({ screen: 'tracking', tab: 'files', repo: repo.id, path: '' })}>{trackedName(repo)}</a>
          <div className="muted">{repo.endpoint}</div>
          {repo.revision === '*' && <div className="muted">{repo.refs.length} branches and tags</div>}
        </>
      ),
    },
    { key: 'status', label: 'Status', cell: (repo) => <RepoStatus repo={repo} refreshing={refreshing.has(repo.id)} live={live[repo.id]} /> },
    { key: 'commit', label: 'Commit', cell: (repo) => (repo.commit === null ? '—' : <code title={repo.commit}>{shortHash(repo.commit)}</code>) },
    { key: 'files', label: 'Files', numeric: true, cell: (repo) => repo.files ?? '—' },
    { key: 'size', label: 'Size', numeric: true, cell: (repo) => (repo.totalSize === null ? '—' : formatBytes(repo.totalSize)) },
    ...FACTS_COLUMNS,
    {
      key: 'checked',
      label: 'Last check',
      cell: (repo) => (
        <>
          {formatRelativeTime(repo.checkedAt, now)}
          <div className="muted">{repo.nextCheckAt === null ? 'on demand only' : `next ${formatDateTime(repo.nextCheckAt)}`}</div>
        </>
      ),
    },
    {
      key: 'actions',
      label: 'Actions',
      hiddenLabel: true,
      cell: (repo) => (
        <div className="row-actions">
          <button type="button" onClick={() => void refresh([repo.id])} disabled={refreshing.has(repo.id)}>
            Refresh<span className="visually-hidden"> {trackedName(repo)}</span>
          </button>
          <button type="button" className="danger" onClick={() => setRemoving(repo)}>
            Remove<span className="visually-hidden"> {trackedName(repo)}</span>
          </button>
        </div>
      ),
    },
  ];

  return (
    <>
      <div className="actions">
        <button type="button" onClick={() => void refresh(repos.map((repo) => repo.id))} disabled={progress !== undefined && !progress.ended}>
          Refresh all
        </button>
        {progress && <RefreshAllProgress ids={progress.ids} done={progress.done} ended={progress.ended} live={live} />}
      </div>
      <TrackingTable caption="Tracked repos" columns={columns} rows={repos} rowKey={(repo) => String(repo.id)} rowTestId="tracked-row" />
      <ConfirmDialog open={removing !== undefined} title="Stop tracking this repo?" confirmLabel="Remove" danger onConfirm={() => removing && remove(removing)} onCancel={() => setRemoving(undefined)}>
        <p>{removing ? trackedName(removing) : 'The repo'} and its stored structures are forgotten. Nothing on the hub or on this disk is deleted.</p>
      </ConfirmDialog>
    </>
  );
}

const orDash = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '—' : value);

/** What each model is, from its config, card and weights headers. */
const FACTS_COLUMNS: readonly TrackingColumn<TrackedRepoWithFacts>[] = [
  { key: 'arch', label: 'Architecture', cell: (repo) => orDash(repo.facts?.architectures.join(', ') || repo.facts?.modelType) },
  { key: 'params', label: 'Params', numeric: true, cell: (repo) => orDash(repo.facts?.parameters == null ? null : formatParameters(repo.facts.parameters)) },
  { key: 'dtype', label: 'DType', cell: (repo) => orDash(repo.facts?.dtype) },
  { key: 'quant', label: 'Quant', cell: (repo) => orDash(repo.facts?.quantisation.join(', ')) },
  { key: 'load', label: 'Load size', numeric: true, cell: (repo) => orDash(repo.facts?.bytesToLoad == null ? null : formatBytes(repo.facts.bytesToLoad)) },
];

/** Repos done of those asked, and the tree entries their refreshes listed (live over the event stream). */
function RefreshAllProgress(props: { readonly ids: readonly number[]; readonly done: number; readonly ended: boolean; readonly live: Readonly<Record<number, RefreshProgressView>> }): ReactNode {
  const { ids, done, ended, live } = props;
  const listed = ids.reduce((sum, id) => sum + (live[id]?.filesListed ?? 0), 0);
  const text = `${done} of ${ids.length} repos refreshed, ${listed.toLocaleString()} files listed`;
  return (
    <>
      {!ended && <ProgressBar done={done} total={ids.length} label="Refreshing tracked repos" valueText={text} size="small" />}
      <span className="muted" data-testid="refresh-progress">
        {text}
      </span>
    </>
  );
}

function RepoStatus({ repo, refreshing, live }: { readonly repo: TrackedRepoView; readonly refreshing: boolean; readonly live: RefreshProgressView | undefined }): ReactNode {
  const running = live?.state === 'running' || live?.state === 'queued';
  if (refreshing || running) {
    return (
      <>
        <Badge tone="info">{live?.state === 'queued' ? 'queued…' : 'refreshing…'}</Badge>
        {running && live.filesListed > 0 && <div className="muted">{live.filesListed.toLocaleString()} files listed</div>}
      </>
    );
  }
  if (repo.error !== null) {
    return (
      <>
        <Badge tone="error">error</Badge>
        <div className="muted">{repo.error}</div>
      </>
    );
  }
  if (repo.updateAvailable) {
    return (
      <a href={formatHash({ screen: 'tracking', tab: 'changes', repo: repo.id, path: '' })} title="The hub moved to a new commit: see what changed">
        <Badge tone="warning">update available</Badge>
      </a>
    );
  }
  return <Badge tone="ok">up to date</Badge>;
}
