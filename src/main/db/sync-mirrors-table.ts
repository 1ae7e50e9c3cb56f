import type { Db } from './open-database.js';

export interface SyncMirrorRow {
  readonly id: number;
  readonly repo_type: string;
  readonly repo: string;
  readonly remote_endpoint: string;
  readonly remote_repo: string;
  readonly every_ms: number | null;
  readonly history: 0 | 1;
  readonly all_refs: 0 | 1;
  readonly created_at: number;
  readonly last_run_at: number | null;
  readonly last_result: string | null;
}

export type SyncMirrorInput = Omit<SyncMirrorRow, 'id' | 'last_run_at' | 'last_result'>;

/** sync_mirrors: the pull schedule of each mirrored repo, and the outcome of its last run. */
export function createSyncMirrorsTable(db: Db) {
  // A schedule set again keeps its last run: only the options change.
  const upsert = db.prepare<[string, string, string, string, number | null, number, number, number], SyncMirrorRow>(
    `INSERT INTO sync_mirrors (repo_type, repo, remote_endpoint, remote_repo, every_ms, history, all_refs, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (repo_type, repo, remote_endpoint) DO UPDATE SET
       remote_repo = excluded.remote_repo, every_ms = excluded.every_ms, history = excluded.history, all_refs = excluded.all_refs
     RETURNING *`,
  );
  const all = db.prepare<[], SyncMirrorRow>('SELECT * FROM sync_mirrors ORDER BY repo_type, repo, remote_endpoint');
  const byId = db.prepare<[number], SyncMirrorRow>('SELECT * FROM sync_mirrors WHERE id = ?');
  const byRepo = db.prepare<[string, string], SyncMirrorRow>('SELECT * FROM sync_mirrors WHERE repo_type = ? AND repo = ? ORDER BY remote_endpoint');
  const remove = db.prepare<[number]>('DELETE FROM sync_mirrors WHERE id = ?');
  const finish = db.prepare<[number, string, number]>('UPDATE sync_mirrors SET last_run_at = ?, last_result = ? WHERE id = ?');

  return {
    upsert: (row: SyncMirrorInput): SyncMirrorRow =>
      upsert.get(row.repo_type, row.repo, row.remote_endpoint, row.remote_repo, row.every_ms, row.history, row.all_refs, row.created_at) as SyncMirrorRow,
    list: (): SyncMirrorRow[] => all.all(),
    get: (id: number): SyncMirrorRow | undefined => byId.get(id),
    forRepo: (repoType: string, repo: string): SyncMirrorRow[] => byRepo.all(repoType, repo),
    remove: (id: number): boolean => remove.run(id).changes > 0,
    /** Records a run's outcome (JSON) and its time. */
    finish: (id: number, at: number, result: string): void => void finish.run(at, result, id),
  };
}

export type SyncMirrorsTable = ReturnType<typeof createSyncMirrorsTable>;
