import type { Db } from './open-database.js';

/** Whether the local hub's store holds content, asked of its git object tables. */
export function createStoreContentQueries(db: Db) {
  // A sha256 is held as a regular file's content or as an LFS object that was not pruned; a git oid
  // as a blob whose LFS object, if it points at one, was not pruned.
  const held = db.prepare<[string], { hash: string }>(
    `SELECT j.value AS hash FROM json_each(?) j
      WHERE EXISTS (SELECT 1 FROM git_blobs b WHERE b.sha256 = j.value)
         OR (EXISTS (SELECT 1 FROM git_blobs b WHERE b.lfs_oid = j.value) AND NOT EXISTS (SELECT 1 FROM lfs_pruned p WHERE p.sha256 = j.value))
         OR EXISTS (SELECT 1 FROM git_blobs b WHERE b.oid = j.value
                      AND (b.lfs_oid IS NULL OR NOT EXISTS (SELECT 1 FROM lfs_pruned p WHERE p.sha256 = b.lfs_oid)))`,
  );
  return {
    /** Which of these hashes (git oids or sha256, lowercase hex) the store holds the bytes of. */
    held: (hashes: readonly string[]): Set<string> => (hashes.length === 0 ? new Set() : new Set(held.all(JSON.stringify(hashes)).map((row) => row.hash))),
  };
}

export type StoreContentQueries = ReturnType<typeof createStoreContentQueries>;
