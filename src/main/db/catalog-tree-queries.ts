import { HEX_OF } from './catalog-hash-sql.js';
import type { Db } from './open-database.js';

export interface CatalogTreeFileRow {
  path: string;
  size: number;
  oid: string;
  lfs_sha256: string | null;
  lfs_size: number | null;
}

/** The files of one stored tree. */
export function createCatalogTreeQueries(db: Db) {
  const files = db.prepare<[{ root: number }], CatalogTreeFileRow>(
    `WITH RECURSIVE down(folder, prefix) AS (
       SELECT @root, ''
       UNION ALL
       SELECT e.child, down.prefix || e.name || '/' FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NOT NULL
     )
     SELECT down.prefix || e.name AS path, e.size, ${HEX_OF('e.oid')} AS oid, ${HEX_OF('e.lfs_sha256')} AS lfs_sha256, e.lfs_size
     FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NULL
     ORDER BY path`,
  );
  return {
    /** Every file of the tree at `root`, by path, streamed. */
    filesOf: (root: number): IterableIterator<CatalogTreeFileRow> => files.iterate({ root }),
  };
}

export type CatalogTreeQueries = ReturnType<typeof createCatalogTreeQueries>;
