import { CLIMB, WHERE_FILE, type CatalogFileRow } from './catalog-queries.js';
import type { Db } from './open-database.js';
import { createCatalogCatchUp } from './catalog-shared-contents.js';

/**
 * The files of the current structures whose content (LFS sha256, else git oid) another file entry
 * holds too, or that sit in a folder the current structures reach more than once. The contents
 * held twice are kept in catalog_shared_contents (migration 13), which each refresh brings up to
 * date as it stores (anything stored otherwise is caught up here first); only the candidates climb
 * to their paths.
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
         SELECT key FROM catalog_shared_contents
         UNION
         SELECT coalesce(e.lfs_sha256, e.oid) FROM reached_twice r JOIN catalog_entries e ON e.folder = r.folder AND e.child IS NULL
       ),
       -- CROSS JOIN: from the few keys into the hash indexes, never the other way round.
       start AS (
         SELECT e.folder, e.name, e.size, e.oid, e.lfs_sha256, e.lfs_size FROM keys k CROSS JOIN catalog_entries e ON e.lfs_sha256 = k.key
         UNION ALL
         SELECT e.folder, e.name, e.size, e.oid, e.lfs_sha256, e.lfs_size FROM keys k
           CROSS JOIN catalog_entries e ON e.child IS NULL AND e.oid = k.key AND e.lfs_sha256 IS NULL
       ),
       ${CLIMB}
     ${WHERE_FILE}`,
  );
  const catchUp = createCatalogCatchUp(db);

  return {
    /** Every file (one row per ref) whose content may be held at another place too. */
    candidateFiles(): CatalogFileRow[] {
      catchUp();
      return shared.all();
    },
  };
}

export type CatalogDuplicatesQueries = ReturnType<typeof createCatalogDuplicatesQueries>;
