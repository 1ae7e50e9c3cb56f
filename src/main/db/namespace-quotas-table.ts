import type { Db } from './open-database.js';

/** namespace_quotas: the storage limit of a user or organisation namespace. */
export function createNamespaceQuotasTable(db: Db) {
  const get = db.prepare<[string], { limit_bytes: number }>('SELECT limit_bytes FROM namespace_quotas WHERE namespace = ?');
  const upsert = db.prepare<[string, number, number]>(
    `INSERT INTO namespace_quotas (namespace, limit_bytes, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (namespace) DO UPDATE SET limit_bytes = excluded.limit_bytes, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM namespace_quotas WHERE namespace = ?');

  return {
    /** The limit in bytes, or undefined when unlimited. */
    get: (namespace: string): number | undefined => get.get(namespace)?.limit_bytes,
    set: (namespace: string, limitBytes: number, now: number): void => void upsert.run(namespace, limitBytes, now),
    remove: (namespace: string): void => void remove.run(namespace),
  };
}

export type NamespaceQuotasTable = ReturnType<typeof createNamespaceQuotasTable>;
