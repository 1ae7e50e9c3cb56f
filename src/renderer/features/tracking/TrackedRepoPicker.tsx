import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { SelectField } from '../../components/FormFields.js';
import { useQuery } from '../../queries/use-query.js';
import { trackedReposQuery } from '../../queries/tracking-queries.js';
import { useAppStore } from '../../store/store-context.js';
import type { TrackedRepoView } from '../../../shared/tracking-api.js';
import type { TrackingRoute } from './tracking-tab.js';

/** "alice/m1@main", "alice/d1@* (dataset)" ('*': all branches and tags): how the tracking screen names a tracked repo. */
export function trackedName(repo: Pick<TrackedRepoView, 'repo' | 'revision' | 'repoType'>): string {
  return `${repo.repo}@${repo.revision}${repo.repoType === 'model' ? '' : ` (${repo.repoType})`}`;
}

/** Picks the tracked repo a tab shows (kept in the URL), then renders the tab's content for it. */
export function TrackedRepoPicker({ route, children }: { readonly route: TrackingRoute; readonly children: (repo: TrackedRepoView) => ReactNode }): ReactNode {
  const query = useQuery(trackedReposQuery);
  const navigate = useAppStore((state) => state.navigate);
  return (
    <QueryContent query={query} what="the tracked repos">
      {(data) => {
        const [first] = data.repos;
        if (first === undefined) return <EmptyState title="No tracked repos yet">Add one on the Tracked repos tab.</EmptyState>;
        const repo = data.repos.find((candidate) => candidate.id === route.repo) ?? first;
        return (
          <>
            <div className="filters">
              <SelectField
                id="tracking-repo"
                label="Tracked repo"
                value={String(repo.id)}
                onChange={(value) => navigate({ ...route, repo: Number(value), path: '' })}
                options={data.repos.map((candidate) => ({ value: String(candidate.id), label: `${trackedName(candidate)} — ${candidate.endpoint}` }))}
              />
            </div>
            {children(repo)}
          </>
        );
      }}
    </QueryContent>
  );
}
