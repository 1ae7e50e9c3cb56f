import type { Db } from './open-database.js';

export interface TreeStatsRow {
  tree_oid: string;
  size: number;
  files: number;
}

/** tree_stats: cached recursive folder statistics per tree oid. */
export function createTreeStatsTable(db: Db) {
  const get = db.prepare<[string], TreeStatsRow>('SELECT tree_oid, size, files FROM tree_stats WHERE tree_oid = ?');
  const put = db.prepare<[string, number, number]>(
    'INSERT OR IGNORE INTO tree_stats (tree_oid, size, files) VALUES (?, ?, ?)',
  );
  const putAll = db.transaction((rows: readonly TreeStatsRow[]) => {
    for (const row of rows) put.run(row.tree_oid, row.size, row.files);
  });
  const pruneOrphans = db.prepare('DELETE FROM tree_stats WHERE tree_oid NOT IN (SELECT oid FROM git_trees)');

  return {
    get: (treeOid: string): TreeStatsRow | undefined => get.get(treeOid),
    putAll: (rows: readonly TreeStatsRow[]): void => void putAll(rows),
    /** Drops rows of trees the garbage collector removed. */
    pruneOrphans: (): number => pruneOrphans.run().changes,
  };
}

export type TreeStatsTable = ReturnType<typeof createTreeStatsTable>;
