import type { ReactNode } from 'react';
import type { SimilarRepoView, TrackedRepoView } from '../../../shared/tracking-api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { similarReposQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { formatHash } from '../../routing/routes.js';
import type { TrackingRoute } from './tracking-tab.js';
import { TrackedRepoPicker, trackedName } from './TrackedRepoPicker.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';

const columns: readonly TrackingColumn<SimilarRepoView>[] = [
  { key: 'repo', label: 'Repo', cell: (repo) => <a href={formatHash({ screen: 'tracking', tab: 'files', repo: repo.trackedId, path: '' })}>{trackedName(repo)}</a> },
  { key: 'shared-size', label: 'Shared bytes', numeric: true, cell: (repo) => formatBytes(repo.sharedSize) },
  { key: 'shared-contents', label: 'Shared contents', numeric: true, cell: (repo) => repo.sharedContents },
  { key: 'shared-paths', label: 'Same paths', numeric: true, cell: (repo) => repo.sharedPaths },
  { key: 'identical', label: 'Identical files', numeric: true, cell: (repo) => repo.identicalFiles },
];

/** The tracked repos most like the one picked: by the bytes they share, then their common paths. */
export function SimilarPanel({ route }: { readonly route: TrackingRoute }): ReactNode {
  return <TrackedRepoPicker route={route}>{(repo) => <SimilarRepos repo={repo} />}</TrackedRepoPicker>;
}

function SimilarRepos({ repo }: { readonly repo: TrackedRepoView }): ReactNode {
  const query = useQuery(repo.commit === null ? undefined : similarReposQuery(repo.id));
  if (repo.commit === null) return <EmptyState title="No structure yet">Refresh this repo first.</EmptyState>;
  return (
    <QueryContent query={query} what="the similar repos">
      {(answer) =>
        answer.similar.length === 0 ? (
          <EmptyState title={`No tracked repo is like ${trackedName(repo)}`}>None shares a file or a path with it.</EmptyState>
        ) : (
          <TrackingTable caption={`Repos like ${trackedName(repo)}`} columns={columns} rows={answer.similar} rowKey={(other) => `${other.trackedId}:${other.commit}`} rowTestId="similar-row" />
        )
      }
    </QueryContent>
  );
}
