import { splitCommitMessage } from '../../shared/git-objects.js';
import type { GitCommitRow } from '../db/index.js';
import type { StoreContext } from './store-context.js';

export interface CommitInfo {
  readonly oid: string;
  readonly treeOid: string;
  readonly parents: readonly string[];
  readonly title: string;
  readonly message: string;
  readonly authorName: string;
  readonly authorEmail: string;
  /** Milliseconds since the epoch. */
  readonly date: number;
}

export function toCommitInfo(row: GitCommitRow): CommitInfo {
  const { title } = splitCommitMessage(row.message);
  return {
    oid: row.oid,
    treeOid: row.tree_oid,
    parents: row.parents === '' ? [] : row.parents.split(' '),
    title,
    message: row.message,
    authorName: row.author_name,
    authorEmail: row.author_email,
    date: row.committer_time * 1000,
  };
}

export function getCommitInfo(ctx: StoreContext, oid: string): CommitInfo | undefined {
  const row = ctx.objects.getCommit(oid);
  return row ? toCommitInfo(row) : undefined;
}

/**
 * Commits reachable from `head`, newest first (by committer time, then discovery order), the
 * order `git log` prints for the linear and merge histories a hub holds.
 */
export function* walkHistory(ctx: StoreContext, head: string): Generator<CommitInfo> {
  const seen = new Set<string>([head]);
  const queue: CommitInfo[] = [];
  const first = getCommitInfo(ctx, head);
  if (first) queue.push(first);
  while (queue.length > 0) {
    let best = 0;
    for (let i = 1; i < queue.length; i++) {
      if ((queue[i] as CommitInfo).date > (queue[best] as CommitInfo).date) best = i;
    }
    const [commit] = queue.splice(best, 1) as [CommitInfo];
    yield commit;
    for (const parent of commit.parents) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      const info = getCommitInfo(ctx, parent);
      if (info) queue.push(info);
    }
  }
}
