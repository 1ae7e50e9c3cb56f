import { OID_MATCHES } from './catalog-hash-sql.js';
import type { Db } from './open-database.js';

/**
 * Brings the lookups kept behind the entries up to date: catalog_shared_contents (migration 13)
 * and the entries holding them (catalog_shared_entries, migration 18),
 * the file entries of folders stored since the mark checked against the hash indexes, and the
 * file names of those entries (catalog_names, migration 17); then the mark moves to the last
 * folder. Run inside the transaction that stores folders, its cost is that of the entries just
 * stored; run on its own, it opens an immediate transaction.
 */
export function createCatalogCatchUp(db: Db): () => void {
  const checkNewEntries = db.prepare(
    `INSERT OR IGNORE INTO catalog_shared_contents (key)
     SELECT coalesce(n.lfs_sha256, n.oid) FROM catalog_entries n
     WHERE n.folder > (SELECT checked_folder FROM catalog_shared_scan WHERE id = 1) AND n.child IS NULL AND (
       (n.lfs_sha256 IS NOT NULL AND EXISTS (
         SELECT 1 FROM catalog_entries e WHERE e.lfs_sha256 = n.lfs_sha256 AND (e.folder <> n.folder OR e.name <> n.name)))
       OR (n.lfs_sha256 IS NULL AND EXISTS (
         SELECT 1 FROM catalog_entries e WHERE e.child IS NULL AND ${OID_MATCHES('e.oid', 'n.oid')} AND e.lfs_sha256 IS NULL AND (e.folder <> n.folder OR e.name <> n.name))))`,
  );
  // The entries (new and old) holding the shared contents the new entries hold, per folder (migration 18).
  const addSharedEntries = db.prepare(
    `WITH new_shared(key) AS MATERIALIZED (
       SELECT DISTINCT coalesce(n.lfs_sha256, n.oid) FROM catalog_entries n
       WHERE n.folder > (SELECT checked_folder FROM catalog_shared_scan WHERE id = 1) AND n.child IS NULL
         AND coalesce(n.lfs_sha256, n.oid) IN (SELECT key FROM catalog_shared_contents)
     )
     INSERT OR IGNORE INTO catalog_shared_entries (key, folder, n, size)
     SELECT key, folder, count(*), max(size) FROM (
       SELECT k.key, e.folder, e.size FROM new_shared k CROSS JOIN catalog_entries e ON e.lfs_sha256 = k.key
       UNION ALL
       SELECT k.key, e.folder, e.size FROM new_shared k CROSS JOIN catalog_entries e ON e.child IS NULL AND ${OID_MATCHES('e.oid', 'k.key')} AND e.lfs_sha256 IS NULL
     ) GROUP BY key, folder`,
  );
  const addNewNames = db.prepare(
    `INSERT OR IGNORE INTO catalog_names (name)
     SELECT name FROM catalog_entries WHERE folder > (SELECT checked_folder FROM catalog_shared_scan WHERE id = 1) AND child IS NULL`,
  );
  const markChecked = db.prepare('UPDATE catalog_shared_scan SET checked_folder = (SELECT coalesce(max(id), 0) FROM catalog_folders) WHERE id = 1');
  const catchUp = db.transaction(() => {
    checkNewEntries.run();
    addSharedEntries.run();
    addNewNames.run();
    markChecked.run();
  });
  return () => {
    if (db.inTransaction) catchUp();
    else catchUp.immediate();
  };
}
