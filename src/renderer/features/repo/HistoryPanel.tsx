import type { ReactNode } from 'react';
import type { CommitsResponse, RepoOverview } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { CopyButton } from '../../components/CopyButton.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { formatDateTime, formatRelativeTime } from '../../format/dates.js';
import { shortHash } from '../../format/oids.js';
import { commitsQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';

export interface HistoryPanelProps {
  readonly repo: RepoKey;
  readonly overview: RepoOverview;
  readonly revision: string;
}

/** Commits of a hub revision; for a cached repo, its snapshots (the cache keeps no history). */
export function HistoryPanel({ repo, overview, revision }: HistoryPanelProps): ReactNode {
  if (repo.source === 'cache') return <SnapshotList overview={overview} />;
  return <CommitHistory repo={repo} revision={revision} />;
}

function CommitHistory({ repo, revision }: { readonly repo: RepoKey; readonly revision: string }): ReactNode {
  const query = useQuery(commitsQuery(repo, revision));
  return (
    <QueryContent query={query} what="the history">
      {(history) => <CommitList history={history} />}
    </QueryContent>
  );
}

function CommitList({ history }: { readonly history: CommitsResponse }): ReactNode {
  const now = Date.now();
  if (history.commits.length === 0) return <EmptyState title="No commits" />;
  return (
    <>
      <ol className="commit-list">
        {history.commits.map((commit) => (
          <li key={commit.oid} className="commit">
            <p className="commit-title">{commit.title}</p>
            <p className="commit-meta">
              {commit.author} ·{' '}
              <time dateTime={new Date(commit.date).toISOString()} title={formatDateTime(commit.date)}>
                {formatRelativeTime(commit.date, now)}
              </time>{' '}
              · <code>{shortHash(commit.oid)}</code> <CopyButton text={commit.oid} label={`commit id ${shortHash(commit.oid)}`} />
            </p>
          </li>
        ))}
      </ol>
      {history.more && <p className="hint">Older commits are not shown.</p>}
    </>
  );
}

function SnapshotList({ overview }: { readonly overview: RepoOverview }): ReactNode {
  const now = Date.now();
  if (overview.revisions.length === 0) return <EmptyState title="No snapshots in the cache" />;
  return (
    <ol className="commit-list">
      {overview.revisions.map((revision) => (
        <li key={revision.commit} className="commit">
          <p className="commit-title">
            <code>{shortHash(revision.commit)}</code> {revision.refs.length > 0 && `(${revision.refs.join(', ')})`}
          </p>
          <p className="commit-meta">
            {revision.files} files · {formatBytes(revision.sizeOnDisk)}
            {revision.lastModified !== null && ` · updated ${formatRelativeTime(revision.lastModified, now)}`} ·{' '}
            <CopyButton text={revision.commit} label={`commit id ${shortHash(revision.commit)}`} />
          </p>
        </li>
      ))}
    </ol>
  );
}
