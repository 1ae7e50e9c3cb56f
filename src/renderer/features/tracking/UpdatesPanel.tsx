import { useState, type ReactNode } from 'react';
import type { OutdatedSnapshotView } from '../../../shared/tracking-api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { SelectField } from '../../components/FormFields.js';
import { hubsQuery } from '../../queries/queries.js';
import { outdatedQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { trackedName } from './TrackedRepoPicker.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';

const columns: readonly TrackingColumn<OutdatedSnapshotView>[] = [
  { key: 'repo', label: 'Cached repo', cell: (snapshot) => trackedName({ repo: snapshot.repo, revision: snapshot.ref, repoType: snapshot.repoType }) },
  {
    key: 'commits',
    label: 'Cached → upstream',
    cell: (snapshot) => (
      <>
        <code title={snapshot.cachedCommit}>{shortHash(snapshot.cachedCommit)}</code> → <code title={snapshot.upstreamCommit}>{shortHash(snapshot.upstreamCommit)}</code>
      </>
    ),
  },
  {
    key: 'changes',
    label: 'Changes',
    cell: (snapshot) =>
      `${snapshot.added.length} added, ${snapshot.removed.length} removed, ${snapshot.modified.length} modified, ${snapshot.renamed.length} renamed`,
  },
  { key: 'download', label: 'Update downloads', numeric: true, cell: (snapshot) => formatBytes(snapshot.downloadBytes) },
];

/** The HF cache's refs behind a hub (the default one, or one saved in Settings): checked on demand, as it asks the hub once per cached ref. */
export function UpdatesPanel(): ReactNode {
  const hubs = useQuery(hubsQuery);
  const [hub, setHub] = useState('');
  const [checked, setChecked] = useState<string | undefined>(undefined);
  const checking = checked !== undefined;
  const query = useQuery(checked === undefined ? undefined : outdatedQuery(checked === '' ? undefined : checked));
  const check = (): void => (checked === hub ? query.refetch() : setChecked(hub));
  return (
    <>
      <div className="filters">
        <SelectField
          id="updates-hub"
          label="Hub"
          value={hub}
          onChange={setHub}
          options={[{ value: '', label: 'The default hub (HF_ENDPOINT)' }, ...(hubs.data?.hubs ?? []).map((saved) => ({ value: saved.id, label: `${saved.name} (${saved.endpoint})` }))]}
        />
        <button type="button" className="primary" onClick={check}>
          Check the HF cache for updates
        </button>
      </div>
      {checking && (
        <QueryContent query={query} what="the cached refs behind their hub">
          {(report) => (
            <>
              <p className="hint" role="status">
                {report.outdated.length} of {report.checked} cached refs in {report.cacheDir} are behind {report.endpoint}
              </p>
              {report.failures.map((failure) => (
                <p key={`${failure.repoType}:${failure.repo}@${failure.ref}`} className="form-error">
                  Could not check {trackedName({ repo: failure.repo, revision: failure.ref, repoType: failure.repoType })}: {failure.error}
                </p>
              ))}
              {report.outdated.length === 0 ? (
                <EmptyState title="Every cached ref is up to date" />
              ) : (
                <TrackingTable caption="Cached refs behind their hub" columns={columns} rows={report.outdated} rowKey={(snapshot) => `${snapshot.repoType}:${snapshot.repo}@${snapshot.ref}`} rowTestId="outdated-row" />
              )}
            </>
          )}
        </QueryContent>
      )}
    </>
  );
}
