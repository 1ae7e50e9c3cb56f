import type { ReactNode } from 'react';
import type { ExtensionStatsView, RepoSummaryView } from '../../../shared/tracking-api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FactList } from '../../components/FactList.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { trackingStatsQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { formatHash } from '../../routing/routes.js';
import { TRACKED_FILE_COLUMNS, trackedFileKey } from './tracked-file-columns.js';
import { trackedName } from './TrackedRepoPicker.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';

const extensionColumns: readonly TrackingColumn<ExtensionStatsView>[] = [
  { key: 'ext', label: 'Extension', cell: (row) => (row.ext === null ? <span className="muted">(none)</span> : `.${row.ext}`) },
  { key: 'files', label: 'Files', numeric: true, cell: (row) => row.files },
  { key: 'size', label: 'Size', numeric: true, cell: (row) => formatBytes(row.size) },
];

const repoColumns: readonly TrackingColumn<RepoSummaryView>[] = [
  { key: 'repo', label: 'Repo', cell: (repo) => <a href={formatHash({ screen: 'tracking', tab: 'files', repo: repo.trackedId, path: '' })}>{trackedName(repo)}</a> },
  { key: 'commit', label: 'Commit', cell: (repo) => <code title={repo.commit}>{shortHash(repo.commit)}</code> },
  { key: 'files', label: 'Files', numeric: true, cell: (repo) => repo.files },
  { key: 'size', label: 'Size', numeric: true, cell: (repo) => formatBytes(repo.totalSize) },
];

/** Files and bytes of every tracked structure: by extension, the largest files, each repo. */
export function StatsPanel(): ReactNode {
  const query = useQuery(trackingStatsQuery);
  return (
    <QueryContent query={query} what="the stats">
      {(stats) =>
        stats.reposWithStructures === 0 ? (
          <EmptyState title="No tracked structures yet">Track a repo on the Tracked repos tab.</EmptyState>
        ) : (
          <>
            <FactList
              facts={[
                { label: 'Tracked repos', value: `${stats.reposWithStructures} of ${stats.trackedRepos} with a structure` },
                { label: 'Files', value: stats.files },
                { label: 'Total size', value: formatBytes(stats.totalSize) },
                { label: 'In LFS', value: `${stats.lfsFiles} files, ${formatBytes(stats.lfsSize)}` },
              ]}
            />
            <h2>By extension</h2>
            <TrackingTable caption="Files by extension" columns={extensionColumns} rows={stats.byExtension} rowKey={(row) => row.ext ?? ''} rowTestId="extension-row" />
            <h2>Largest files</h2>
            <TrackingTable caption="Largest files" columns={TRACKED_FILE_COLUMNS} rows={stats.largest} rowKey={trackedFileKey} rowTestId="largest-file" />
            <h2>Repos</h2>
            <TrackingTable caption="Each repo's files and size" columns={repoColumns} rows={stats.repos} rowKey={(repo) => `${repo.trackedId}:${repo.commit}`} rowTestId="stats-repo" />
          </>
        )
      }
    </QueryContent>
  );
}
