import { useState, type ReactNode } from 'react';
import type { DownloadJob, PullPreview, SyncLink, SyncMirror, SyncStatusResponse } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { SelectField, type FieldOption } from '../../components/FormFields.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { formatRelativeTime } from '../../format/dates.js';
import { shortHash } from '../../format/oids.js';
import { hubsQuery, syncStatusQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { describeError } from '../../store/query-slice.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { MIRROR_PERIODS } from './mirror-periods.js';
import { PushForm } from './PushForm.js';
import { SyncJobProgress } from './SyncJobProgress.js';

const PREVIEW_FILES_SHOWN = 20;

/** A hub repo against its remotes: linked remotes with ahead/behind, and a pull and a push, each with a preview of what it moves and its progress. */
export function SyncPanel({ repo }: { readonly repo: RepoKey }): ReactNode {
  const query = useQuery(syncStatusQuery(repo));
  const hubs = useQuery(hubsQuery);
  return (
    <QueryContent query={query} what="the sync status">
      {(status) => {
        const options = remoteOptions(status, hubs.data?.hubs ?? []);
        return (
          <>
            <LinkedRemotes status={status} />
            <PullForm repo={repo} options={options} />
            <PushForm repo={repo} remotes={options} />
          </>
        );
      }}
    </QueryContent>
  );
}

/** The remotes to offer: those linked to the repo first, then the other saved hubs. */
function remoteOptions(status: SyncStatusResponse, hubs: ReadonlyArray<{ readonly name: string; readonly endpoint: string }>): FieldOption[] {
  const linked = [...new Set(status.links.map((link) => link.endpoint))];
  return [
    ...linked.map((endpoint) => ({ value: endpoint, label: endpoint })),
    ...hubs.filter((hub) => !linked.includes(hub.endpoint)).map((hub) => ({ value: hub.endpoint, label: `${hub.name} (${hub.endpoint})` })),
  ];
}

function LinkedRemotes({ status }: { readonly status: SyncStatusResponse }): ReactNode {
  const now = Date.now();
  if (status.links.length === 0) {
    return <EmptyState title="Not linked to a remote">Pull it from a remote hub below, or mirror it with <code>hubkeeper mirror</code>.</EmptyState>;
  }
  return (
    <DataTable
      caption="Linked remotes"
      className="sync-links"
      columns={[{ label: 'Remote' }, { label: 'Revision' }, { label: 'Ahead', numeric: true }, { label: 'Behind', numeric: true }, { label: 'Last sync' }, { label: 'Notes' }]}
    >
      {status.links.map((link) => (
        <tr key={`${link.endpoint} ${link.remoteRepo} ${link.revision}`} aria-label={`${link.endpoint} ${link.remoteRepo}@${link.revision}`}>
          <td>
            {link.endpoint} <span className="muted">{link.remoteRepo}</span>
          </td>
          <td>
            {link.revision}
            {link.localBranch !== link.revision && <span className="muted"> → {link.localBranch}</span>}
          </td>
          <td className="numeric" data-label="ahead">{count(link.ahead, false)}</td>
          <td className="numeric" data-label="behind">{count(link.behind, link.behindAtLeast)}</td>
          <td>{link.lastSync === null ? 'never' : `${link.lastSync.direction} ${formatRelativeTime(link.lastSync.at, now)}`}</td>
          <td>
            <LinkNotes link={link} now={now} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function LinkNotes({ link, now }: { readonly link: SyncLink; readonly now: number }): ReactNode {
  return (
    <>
      {link.behind !== null && link.behind > 0 && <Badge tone="info">{`${link.behind}${link.behindAtLeast ? '+' : ''} to pull`}</Badge>}
      {link.updateAvailable !== null && <Badge tone="warning">{`update available: ${shortHash(link.updateAvailable.commit)}`}</Badge>}
      {link.mirror !== null && <MirrorNote mirror={link.mirror} now={now} />}
      {link.error !== null && <span className="form-error">The remote could not be asked: {link.error}</span>}
    </>
  );
}

/** A link's mirror: its last run, and a button to stop it (what was pulled stays). */
function MirrorNote({ mirror, now }: { readonly mirror: SyncMirror; readonly now: number }): ReactNode {
  const api = useApi();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const result = mirror.lastResult;
  const stop = (): void => {
    api.sync.removeMirror(mirror.id).then(
      () => {
        notify(`Stopped mirroring ${mirror.repo}; what was pulled stays`);
        invalidate('sync:');
      },
      (error: unknown) => notify(describeError(error).message, 'error'),
    );
  };
  return (
    <span className="muted">
      {' '}mirrored {mirror.everyMs === null ? 'on demand' : `every ${periodText(mirror.everyMs)}`}
      {result ? `; last run ${formatRelativeTime(result.at, now)}: ${result.ok ? '' : 'failed: '}${result.message}` : '; not run yet'}{' '}
      <button type="button" onClick={stop}>
        Stop mirroring
      </button>
    </span>
  );
}

function periodText(everyMs: number): string {
  const hours = everyMs / 3_600_000;
  return Number.isInteger(hours) ? `${hours}h` : `${Math.round(everyMs / 60_000)}m`;
}

function count(value: number | null, atLeast: boolean): string {
  return value === null ? '?' : `${value}${atLeast ? '+' : ''}`;
}

/** Pick a remote, see what a pull would move, start it, and follow its job. */
function PullForm({ repo, options }: { readonly repo: RepoKey; readonly options: readonly FieldOption[] }): ReactNode {
  const api = useApi();
  const [chosen, setRemote] = useState<string | undefined>(undefined);
  const remote = chosen ?? options[0]?.value ?? '';
  const [history, setHistory] = useState(true);
  const [preview, setPreview] = useState<PullPreview | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const [every, setEvery] = useState('6h');
  const job = useAppStore((state) => (jobId === undefined ? undefined : state.downloads.jobs[jobId]));
  const invalidate = useAppStore((state) => state.invalidateQueries);

  const run = <T,>(work: () => Promise<T>, done: (value: T) => void): void => {
    setBusy(true);
    setProblem(undefined);
    work().then(
      (value) => {
        setBusy(false);
        done(value);
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(describeError(error).message);
      },
    );
  };

  return (
    <section className="sync-pull" aria-labelledby="sync-pull-title">
      <h2 id="sync-pull-title">Pull from a remote</h2>
      <div className="filters">
        <SelectField id="sync-remote" label="Remote" value={remote} options={options} onChange={(value) => { setRemote(value); setPreview(undefined); }} grow />
        <div className="field">
          <label>
            <input type="checkbox" checked={history} onChange={(event) => { setHistory(event.target.checked); setPreview(undefined); }} /> With history (one commit per remote commit)
          </label>
        </div>
      </div>
      <div className="actions">
        <button type="button" disabled={busy || remote === ''} onClick={() => run(() => api.sync.preview(repo.type, repo.id, remote, history), setPreview)}>
          Preview
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || remote === '' || preview === undefined || preview.upToDate}
          onClick={() => run(() => api.sync.pull(repo.type, repo.id, { remote, history }), (started: DownloadJob) => setJobId(started.id))}
        >
          Pull
        </button>
      </div>
      <div className="filters">
        <SelectField id="sync-every" label="Mirror" value={every} options={MIRROR_PERIODS} onChange={setEvery} />
        <div className="actions">
          <button
            type="button"
            disabled={busy || remote === ''}
            onClick={() =>
              run(
                () => api.sync.addMirror({ remote, type: repo.type, repo: repo.id, every, history, allRefs: false }),
                // The link shows the mirror; each run is a notification of its own (the event stream's).
                () => invalidate('sync:'),
              )
            }
          >
            Mirror on this schedule
          </button>
        </div>
      </div>
      {problem !== undefined && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {preview && <PreviewSummary preview={preview} />}
      {job && <SyncJobProgress job={job} direction="pull" />}
    </section>
  );
}

function PreviewSummary({ preview }: { readonly preview: PullPreview }): ReactNode {
  if (preview.upToDate) return <p role="status" className="sync-preview">Up to date with {shortHash(preview.remoteCommit)}: nothing to pull.</p>;
  const fetched = preview.files.filter((file) => file.fetch);
  return (
    <div role="status" className="sync-preview">
      <p>
        <strong>
          {preview.filesToFetch} file{preview.filesToFetch === 1 ? '' : 's'} ({formatBytes(preview.bytesToFetch)}) to fetch
        </strong>
        ; {preview.filesChanged} added or changed, {preview.filesRemoved} removed
        {preview.newCommits !== undefined && `, ${preview.newCommits} new commit${preview.newCommits === 1 ? '' : 's'}`}.
      </p>
      <ul className="sync-preview-files">
        {fetched.slice(0, PREVIEW_FILES_SHOWN).map((file) => (
          <li key={file.path}>
            <code>{file.path}</code> <span className="muted">{formatBytes(file.size)}</span>
          </li>
        ))}
      </ul>
      {fetched.length > PREVIEW_FILES_SHOWN && <p className="hint">… and {fetched.length - PREVIEW_FILES_SHOWN} more.</p>}
    </div>
  );
}
