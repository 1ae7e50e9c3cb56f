import type { Db } from './open-database.js';

export const DISCUSSION_STATUSES = ['draft', 'open', 'closed', 'merged'] as const;
export type DiscussionStatus = (typeof DISCUSSION_STATUSES)[number];

export interface DiscussionRow {
  repo_id: number;
  num: number;
  title: string;
  author: string;
  is_pull_request: number;
  status: DiscussionStatus;
  base_ref: string | null;
  merge_commit: string | null;
  created_at: number;
  /** Comments in it (listings only; 0 elsewhere). */
  comments: number;
}

export interface NewDiscussion {
  readonly repoId: number;
  readonly title: string;
  readonly author: string;
  /** The branch ref a pull request merges into; absent for a discussion. */
  readonly baseRef?: string;
  readonly status: DiscussionStatus;
  readonly createdAt: number;
}

/** Filters of a listing; "open" counts drafts, "closed" counts merged pull requests. */
export interface DiscussionFilter {
  readonly pullRequests?: boolean;
  readonly status?: 'open' | 'closed';
  readonly author?: string;
}

interface FilterParams {
  repoId: number;
  pr: number | null;
  status: string | null;
  author: string | null;
}

const FILTER = `repo_id = @repoId
  AND (@pr IS NULL OR is_pull_request = @pr)
  AND (@status IS NULL OR (@status = 'open' AND status IN ('draft', 'open')) OR (@status = 'closed' AND status IN ('closed', 'merged')))
  AND (@author IS NULL OR author = @author COLLATE NOCASE)`;

/** discussions: one row per discussion or pull request, numbered per repo. */
export function createDiscussionsTable(db: Db) {
  const nextNum = db.prepare<[number], { next: number }>('SELECT COALESCE(MAX(num), 0) + 1 AS next FROM discussions WHERE repo_id = ?');
  const insert = db.prepare<[number, number, string, string, number, string, string | null, number]>(
    `INSERT INTO discussions (repo_id, num, title, author, is_pull_request, status, base_ref, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const get = db.prepare<[number, number], DiscussionRow>('SELECT *, 0 AS comments FROM discussions WHERE repo_id = ? AND num = ?');
  const page = db.prepare<[FilterParams & { limit: number; offset: number }], DiscussionRow>(
    `SELECT d.*, (SELECT COUNT(*) FROM discussion_events e WHERE e.repo_id = d.repo_id AND e.num = d.num AND e.type = 'comment') AS comments
     FROM discussions d WHERE ${FILTER} ORDER BY num DESC LIMIT @limit OFFSET @offset`,
  );
  const count = db.prepare<[FilterParams], { total: number }>(`SELECT COUNT(*) AS total FROM discussions WHERE ${FILTER}`);
  const setTitle = db.prepare<[string, number, number]>('UPDATE discussions SET title = ? WHERE repo_id = ? AND num = ?');
  const setStatus = db.prepare<[string, string | null, number, number]>(
    'UPDATE discussions SET status = ?, merge_commit = ? WHERE repo_id = ? AND num = ?',
  );
  const filterParams = (repoId: number, filter: DiscussionFilter): FilterParams => ({
    repoId,
    pr: filter.pullRequests === undefined ? null : Number(filter.pullRequests),
    status: filter.status ?? null,
    author: filter.author ?? null,
  });

  return {
    /** Inserts a discussion under the repo's next number (call inside a transaction); returns the number. */
    insert(input: NewDiscussion): number {
      const num = (nextNum.get(input.repoId) as { next: number }).next;
      insert.run(input.repoId, num, input.title, input.author, input.baseRef === undefined ? 0 : 1, input.status, input.baseRef ?? null, input.createdAt);
      return num;
    },
    get: (repoId: number, num: number): DiscussionRow | undefined => get.get(repoId, num),
    /** A page of discussions, newest first. */
    page: (repoId: number, filter: DiscussionFilter, offset: number, limit: number): DiscussionRow[] =>
      page.all({ ...filterParams(repoId, filter), limit, offset }),
    count: (repoId: number, filter: DiscussionFilter): number => (count.get(filterParams(repoId, filter)) as { total: number }).total,
    setTitle: (repoId: number, num: number, title: string): void => void setTitle.run(title, repoId, num),
    setStatus: (repoId: number, num: number, status: DiscussionStatus, mergeCommit: string | null = null): void =>
      void setStatus.run(status, mergeCommit, repoId, num),
  };
}

export type DiscussionsTable = ReturnType<typeof createDiscussionsTable>;
