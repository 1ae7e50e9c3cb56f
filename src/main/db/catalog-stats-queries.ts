import { EXTENSION_OF } from './catalog-queries.js';
import type { CatalogEntryName } from './catalog-queries.js';
import type { Db } from './open-database.js';

export interface CatalogExtensionRow {
  /** NULL for names without a '.'. */
  ext: string | null;
  files: number;
  size: number;
  lfs_files: number;
  lfs_size: number;
}

// Each folder once, with how many times the given roots reach it (a folder at two paths counts twice).
const FOLDER_USES = `WITH RECURSIVE
  occurrences(folder) AS (
    SELECT value FROM json_each(@roots)
    UNION ALL
    SELECT e.child FROM occurrences o JOIN catalog_entries e ON e.folder = o.folder AND e.child IS NOT NULL
  ),
  uses(folder, n) AS (SELECT folder, count(*) FROM occurrences GROUP BY folder)`;

/** Sums over the files of stored trees, reading each folder shared by many trees once. */
export function createCatalogStatsQueries(db: Db) {
  const byExtension = db.prepare<[{ roots: string }], CatalogExtensionRow>(
    `${FOLDER_USES}
     SELECT ${EXTENSION_OF('e.name')} AS ext, sum(u.n) AS files, sum(u.n * e.size) AS size,
       coalesce(sum(CASE WHEN e.lfs_sha256 IS NOT NULL THEN u.n END), 0) AS lfs_files,
       coalesce(sum(CASE WHEN e.lfs_sha256 IS NOT NULL THEN u.n * e.size END), 0) AS lfs_size
     FROM uses u JOIN catalog_entries e ON e.folder = u.folder AND e.child IS NULL
     GROUP BY 1 ORDER BY size DESC, files DESC, ext`,
  );
  const largest = db.prepare<[{ roots: string; limit: number }], CatalogEntryName>(
    `${FOLDER_USES}
     SELECT e.folder, e.name FROM uses u JOIN catalog_entries e ON e.folder = u.folder AND e.child IS NULL
     ORDER BY e.size DESC, e.name LIMIT @limit`,
  );
  return {
    /** Files, bytes and LFS share per extension over the trees of these root folders (a root given twice counts twice). */
    byExtension: (roots: readonly number[]): CatalogExtensionRow[] => byExtension.all({ roots: JSON.stringify(roots) }),
    /** The `limit` largest file entries under these roots (each entry once, wherever it is held). */
    largestEntries: (roots: readonly number[], limit: number): CatalogEntryName[] => largest.all({ roots: JSON.stringify(roots), limit }),
  };
}

export type CatalogStatsQueries = ReturnType<typeof createCatalogStatsQueries>;
