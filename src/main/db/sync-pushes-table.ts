import type { Db } from './open-database.js';

export interface SyncPushRow {
  readonly repo_id: number;
  readonly remote_endpoint: string;
  readonly remote_type: string;
  readonly remote_repo: string;
  readonly revision: string;
  readonly remote_commit: string;
  readonly local_commit: string;
  readonly pushed_at: number;
}

/** Where a local repo and a remote repo's branch last agreed: the latest pull from it or push to it. */
export interface LastSync {
  readonly kind: 'pull' | 'push';
  readonly remote_commit: string;
  readonly local_commit: string;
  readonly at: number;
}

/** Which remote repo's branch a sync record is about. */
export interface SyncTarget {
  readonly repoId: number;
  readonly endpoint: string;
  readonly remoteType: string;
  readonly remoteRepo: string;
  readonly revision: string;
}

/** sync_pushes: local commit ↔ remote commit of every push, and the last sync (pull or push) with a remote repo. */
export function createSyncPushesTable(db: Db) {
  const insert = db.prepare<[number, string, string, string, string, string, string, number]>(
    `INSERT INTO sync_pushes (repo_id, remote_endpoint, remote_type, remote_repo, revision, remote_commit, local_commit, pushed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const lastSync = db.prepare<[number, string, string, string, string, number, string, string, string, string], LastSync>(
    `SELECT kind, remote_commit, local_commit, at FROM (
       SELECT 'push' AS kind, remote_commit, local_commit, pushed_at AS at, id FROM sync_pushes
        WHERE repo_id = ? AND remote_endpoint = ? AND remote_type = ? AND remote_repo = ? AND revision = ?
       UNION ALL
       SELECT 'pull' AS kind, remote_commit, local_commit, pulled_at AS at, id FROM sync_pulls
        WHERE repo_id = ? AND remote_endpoint = ? AND remote_type = ? AND remote_repo = ? AND revision = ? AND filtered = 0
     ) ORDER BY at DESC, kind DESC, id DESC LIMIT 1`,
  );
  const links = db.prepare<[number], SyncPushRow>(
    `SELECT * FROM sync_pushes WHERE id IN (SELECT max(id) FROM sync_pushes WHERE repo_id = ? GROUP BY remote_endpoint, remote_repo, revision)`,
  );
  const latest = db.prepare<[number], SyncPushRow>('SELECT * FROM sync_pushes WHERE repo_id = ? ORDER BY pushed_at DESC, id DESC LIMIT 1');

  return {
    record: (row: SyncPushRow): void =>
      void insert.run(row.repo_id, row.remote_endpoint, row.remote_type, row.remote_repo, row.revision, row.remote_commit, row.local_commit, row.pushed_at),
    /** The latest push of a local repo, to any remote. */
    latest: (repoId: number): SyncPushRow | undefined => latest.get(repoId),
    /** The newest push to each remote branch a repo was pushed to. */
    links: (repoId: number): SyncPushRow[] => links.all(repoId),
    /** The latest pull (of the whole tree) from, or push to, that remote repo's branch. */
    lastSync: (target: SyncTarget): LastSync | undefined => {
      const key = [target.repoId, target.endpoint, target.remoteType, target.remoteRepo, target.revision] as const;
      return lastSync.get(...key, ...key);
    },
  };
}

export type SyncPushesTable = ReturnType<typeof createSyncPushesTable>;
