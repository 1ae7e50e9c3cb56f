import { HEX_OF } from './catalog-hash-sql.js';
import { EXTENSION_OF } from './catalog-queries.js';
import type { Db } from './open-database.js';

export interface CatalogTreeFileRow {
  path: string;
  size: number;
  oid: string;
  lfs_sha256: string | null;
  lfs_size: number | null;
}

/** SQL: the files of the tree at @root with their paths, found by walking its folders down (CTE `down`). */
const FILES_UNDER_ROOT = `WITH RECURSIVE down(folder, prefix) AS (
    SELECT @root, ''
    UNION ALL
    SELECT e.child, down.prefix || e.name || '/' FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NOT NULL
  )
  SELECT down.prefix || e.name AS path, e.size, ${HEX_OF('e.oid')} AS oid, ${HEX_OF('e.lfs_sha256')} AS lfs_sha256, e.lfs_size
  FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NULL`;

/** The files of one stored tree. */
export function createCatalogTreeQueries(db: Db) {
  const files = db.prepare<[{ root: number }], CatalogTreeFileRow>(
    `${FILES_UNDER_ROOT}
     ORDER BY path`,
  );
  // Only the few files asked for leave SQLite: a 100k-file tree is walked, not read into objects.
  const some = db.prepare<[{ root: number; extensions: string; ending: string; rootNames: string }], CatalogTreeFileRow>(
    `${FILES_UNDER_ROOT}
     WHERE ${EXTENSION_OF('e.name')} IN (SELECT value FROM json_each(@extensions))
       OR substr(e.name, -length(@ending)) = @ending
       OR (down.prefix = '' AND e.name IN (SELECT value FROM json_each(@rootNames)))
     ORDER BY path`,
  );
  return {
    /** Every file of the tree at `root`, by path, streamed. */
    filesOf: (root: number): IterableIterator<CatalogTreeFileRow> => files.iterate({ root }),
    /**
     * The files of the tree at `root`, by path, whose extension is one of `extensions` (lowercase;
     * compared ASCII case-insensitively), whose name ends with `ending`, or that sit at the root
     * named one of `rootNames`.
     */
    filesSelected: (root: number, select: { extensions: readonly string[]; ending: string; rootNames: readonly string[] }): CatalogTreeFileRow[] =>
      some.all({ root, extensions: JSON.stringify(select.extensions), ending: select.ending, rootNames: JSON.stringify(select.rootNames) }),
  };
}

export type CatalogTreeQueries = ReturnType<typeof createCatalogTreeQueries>;
