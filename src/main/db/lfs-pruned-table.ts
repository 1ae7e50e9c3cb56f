import type { Db } from './open-database.js';

/** lfs_pruned: LFS objects removed by a keep-versions policy (their pointers remain in history). */
export function createLfsPrunedTable(db: Db) {
  const has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM lfs_pruned WHERE sha256 = ?');
  const add = db.prepare<[string, number, number]>(
    'INSERT OR REPLACE INTO lfs_pruned (sha256, size, pruned_at) VALUES (?, ?, ?)',
  );

  return {
    has: (sha256: string): boolean => has.get(sha256) !== undefined,
    add: (sha256: string, size: number, now: number): void => void add.run(sha256, size, now),
  };
}

export type LfsPrunedTable = ReturnType<typeof createLfsPrunedTable>;
