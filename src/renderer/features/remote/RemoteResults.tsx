import type { ReactNode } from 'react';
import type { RepoType } from '../../../shared/repo-id.js';
import { Badge } from '../../components/Badge.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatRelativeTime } from '../../format/dates.js';
import { remoteSearchQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useAppStore } from '../../store/store-context.js';

export interface RemoteResultsProps {
  readonly hubId: string;
  readonly type: RepoType;
  readonly query: string;
  readonly selected: string | undefined;
}

export function RemoteResults({ hubId, type, query, selected }: RemoteResultsProps): ReactNode {
  const results = useQuery(remoteSearchQuery(hubId, type, query));
  const open = useAppStore((state) => state.openRemoteRepo);
  const now = Date.now();

  return (
    <section className="remote-results" aria-labelledby="remote-results-title">
      <h2 id="remote-results-title">Results</h2>
      <QueryContent query={results} what="the search results">
        {(data) =>
          data.results.length === 0 ? (
            <EmptyState title={query === '' ? 'This hub lists no repos' : `Nothing matches “${query}”`} />
          ) : (
            <ul className="result-list">
              {data.results.map((result) => (
                <li key={result.id}>
                  <button
                    type="button"
                    className={`result${result.id === selected ? ' selected' : ''}`}
                    aria-pressed={result.id === selected}
                    onClick={() => open(result.id)}
                  >
                    <span className="result-name">{result.id}</span>
                    <span className="result-meta">
                      {result.gated && <Badge tone="warning">gated</Badge>}
                      {result.private && <Badge tone="warning">private</Badge>}
                      {result.downloads !== null && <span>{result.downloads.toLocaleString('en-US')} downloads</span>}
                      {result.lastModified !== null && <span>updated {formatRelativeTime(result.lastModified, now)}</span>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryContent>
    </section>
  );
}
