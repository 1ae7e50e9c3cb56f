import type { Db } from './open-database.js';

export interface SyncPullRow {
  readonly repo_id: number;
  readonly remote_endpoint: string;
  readonly remote_type: string;
  readonly remote_repo: string;
  readonly revision: string;
  readonly remote_commit: string;
  readonly local_commit: string;
  readonly filtered: 0 | 1;
  readonly pulled_at: number;
}

/** sync_pulls: remote commit ↔ local commit of every pull into the local hub. */
export function createSyncPullsTable(db: Db) {
  const insert = db.prepare<[number, string, string, string, string, string, string, number, number]>(
    `INSERT INTO sync_pulls (repo_id, remote_endpoint, remote_type, remote_repo, revision, remote_commit, local_commit, filtered, pulled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const latest = db.prepare<[number], SyncPullRow>('SELECT * FROM sync_pulls WHERE repo_id = ? ORDER BY pulled_at DESC, id DESC LIMIT 1');
  const byRemoteCommit = db.prepare<[number, string, string, string], SyncPullRow>(
    'SELECT * FROM sync_pulls WHERE repo_id = ? AND remote_endpoint = ? AND remote_repo = ? AND remote_commit = ? AND filtered = 0 ORDER BY id DESC LIMIT 1',
  );
  // The newest pull of each (remote, remote repo, revision): one row per linked remote branch.
  const links = db.prepare<[number], SyncPullRow>(
    `SELECT * FROM sync_pulls WHERE id IN (SELECT max(id) FROM sync_pulls WHERE repo_id = ? GROUP BY remote_endpoint, remote_repo, revision) ORDER BY remote_endpoint, remote_repo, revision`,
  );
  const byLocalCommit = db.prepare<[number, string], SyncPullRow>('SELECT * FROM sync_pulls WHERE repo_id = ? AND local_commit = ? ORDER BY id DESC LIMIT 1');

  return {
    record: (row: SyncPullRow): void =>
      void insert.run(row.repo_id, row.remote_endpoint, row.remote_type, row.remote_repo, row.revision, row.remote_commit, row.local_commit, row.filtered, row.pulled_at),
    latest: (repoId: number): SyncPullRow | undefined => latest.get(repoId),
    /** The local commit an unfiltered pull made of a remote commit, if any. */
    forRemoteCommit: (repoId: number, endpoint: string, remoteRepo: string, remoteCommit: string): SyncPullRow | undefined =>
      byRemoteCommit.get(repoId, endpoint, remoteRepo, remoteCommit),
    /** The newest pull of each remote revision linked to a repo. */
    links: (repoId: number): SyncPullRow[] => links.all(repoId),
    /** The pull that made a local commit, if a pull made it. */
    forLocalCommit: (repoId: number, localCommit: string): SyncPullRow | undefined => byLocalCommit.get(repoId, localCommit),
  };
}

export type SyncPullsTable = ReturnType<typeof createSyncPullsTable>;
