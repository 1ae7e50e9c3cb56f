import { HEX_OF, OID_MATCHES } from './catalog-hash-sql.js';
import type { Db } from './open-database.js';

export interface CatalogSharedContentRow {
  repo_row: number;
  commit_id: string;
  /** Distinct contents (LFS sha256, else git oid) both trees hold. */
  shared_contents: number;
  /** Their bytes, each content counted once. */
  shared_size: number;
}

export interface CatalogContentRow {
  key: string;
  size: number;
}

// The distinct folders of one tree, and the distinct contents of its files.
const TREE_CONTENTS = `folders(folder) AS (
    SELECT @root
    UNION
    SELECT e.child FROM folders f JOIN catalog_entries e ON e.folder = f.folder AND e.child IS NOT NULL
  ),
  contents(key, size) AS (
    SELECT coalesce(e.lfs_sha256, e.oid), max(e.size) FROM folders f JOIN catalog_entries e ON e.folder = f.folder AND e.child IS NULL GROUP BY 1
  )`;

/** What trees share: contents found through the hash indexes, then climbed to the current structures holding them. */
export function createCatalogSimilarQueries(db: Db) {
  const sharing = db.prepare<[{ root: number }], CatalogSharedContentRow>(
    `WITH RECURSIVE ${TREE_CONTENTS},
       hits(folder, key, size) AS (
         SELECT e.folder, k.key, k.size FROM contents k JOIN catalog_entries e ON e.lfs_sha256 = k.key
         UNION
         SELECT e.folder, k.key, k.size FROM contents k JOIN catalog_entries e ON e.child IS NULL AND ${OID_MATCHES('e.oid', 'k.key')} AND e.lfs_sha256 IS NULL
       ),
       up(start, folder) AS (
         SELECT DISTINCT folder, folder FROM hits
         UNION
         SELECT up.start, e.folder FROM up JOIN catalog_entries e ON e.child = up.folder
       ),
       reached AS (
         SELECT DISTINCT c.repo_row, c.commit_id, h.key, h.size FROM hits h JOIN up ON up.start = h.folder JOIN catalog_current c ON c.root_folder = up.folder
       )
     SELECT repo_row, commit_id, count(*) AS shared_contents, sum(size) AS shared_size FROM reached GROUP BY repo_row, commit_id`,
  );
  const contents = db.prepare<[{ root: number }], CatalogContentRow>(`WITH RECURSIVE ${TREE_CONTENTS} SELECT ${HEX_OF('key')} AS key, size FROM contents`);
  return {
    /** Every current structure (repo and commit) holding a content of the tree at `root`, the tree's own included. */
    sharingContent: (root: number): CatalogSharedContentRow[] => sharing.all({ root }),
    /** The distinct contents of the tree at `root`. */
    contentsOf: (root: number): CatalogContentRow[] => contents.all({ root }),
  };
}

export type CatalogSimilarQueries = ReturnType<typeof createCatalogSimilarQueries>;
