import type { Db } from './open-database.js';

/** repo_quotas: the storage limit of one repo. */
export function createRepoQuotasTable(db: Db) {
  const get = db.prepare<[number], { limit_bytes: number }>('SELECT limit_bytes FROM repo_quotas WHERE repo_id = ?');
  const upsert = db.prepare<[number, number, number]>(
    `INSERT INTO repo_quotas (repo_id, limit_bytes, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (repo_id) DO UPDATE SET limit_bytes = excluded.limit_bytes, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[number]>('DELETE FROM repo_quotas WHERE repo_id = ?');

  return {
    /** The limit in bytes, or undefined when unlimited. */
    get: (repoId: number): number | undefined => get.get(repoId)?.limit_bytes,
    set: (repoId: number, limitBytes: number, now: number): void => void upsert.run(repoId, limitBytes, now),
    remove: (repoId: number): void => void remove.run(repoId),
  };
}

export type RepoQuotasTable = ReturnType<typeof createRepoQuotasTable>;
