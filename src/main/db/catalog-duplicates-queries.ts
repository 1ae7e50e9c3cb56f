import { CLIMB, WHERE_FILE, type CatalogFileRow } from './catalog-queries.js';
import type { Db } from './open-database.js';

/**
 * The files of the current structures whose content (LFS sha256, else git oid) another file entry
 * holds too, or that sit in a folder the current structures reach more than once. The groupings
 * read the hash indexes alone (one pass over the oid index); only the candidates climb to their paths.
 */
export function createCatalogDuplicatesQueries(db: Db) {
  const shared = db.prepare<[], CatalogFileRow>(
    `WITH RECURSIVE
       occurrences(folder) AS (
         SELECT root_folder FROM (SELECT DISTINCT repo_row, commit_id, root_folder FROM catalog_current)
         UNION ALL
         SELECT e.child FROM occurrences o JOIN catalog_entries e ON e.folder = o.folder AND e.child IS NOT NULL
       ),
       reached_twice(folder) AS (SELECT folder FROM occurrences GROUP BY folder HAVING count(*) > 1),
       keys(key) AS (
         SELECT lfs_sha256 FROM catalog_entries WHERE lfs_sha256 IS NOT NULL GROUP BY lfs_sha256 HAVING count(*) > 1
         UNION
         SELECT oid FROM catalog_entries WHERE child IS NULL GROUP BY oid HAVING count(*) > 1
         UNION
         SELECT coalesce(e.lfs_sha256, e.oid) FROM reached_twice r JOIN catalog_entries e ON e.folder = r.folder AND e.child IS NULL
       ),
       start AS (
         SELECT e.folder, e.name, e.size, e.oid, e.lfs_sha256, e.lfs_size FROM keys k JOIN catalog_entries e ON e.lfs_sha256 = k.key
         UNION ALL
         SELECT e.folder, e.name, e.size, e.oid, e.lfs_sha256, e.lfs_size FROM keys k
           JOIN catalog_entries e ON e.child IS NULL AND e.oid = k.key AND e.lfs_sha256 IS NULL
       ),
       ${CLIMB}
     ${WHERE_FILE}`,
  );
  return {
    /** Every file (one row per ref) whose content may be held at another place too. */
    candidateFiles: (): CatalogFileRow[] => shared.all(),
  };
}

export type CatalogDuplicatesQueries = ReturnType<typeof createCatalogDuplicatesQueries>;
