import type { CatalogSource } from './catalog-repos-table.js';
import type { Db } from './open-database.js';

/** A file of a tracked repo's current structure, with where it is. */
export interface CatalogFileRow {
  repo_row: number;
  source: CatalogSource;
  endpoint: string;
  type: string;
  repo_id: string;
  /** The ref the file is current at. */
  revision: string;
  commit_id: string;
  path: string;
  size: number;
  oid: string;
  lfs_sha256: string | null;
  lfs_size: number | null;
}

const WHERE_FILE = `SELECT c.repo_row, c.source, c.endpoint, c.type, c.repo_id, c.ref AS revision, c.commit_id,
    up.path, up.size, up.oid, up.lfs_sha256, up.lfs_size
  FROM up
  JOIN catalog_current c ON c.root_folder = up.folder
  ORDER BY c.repo_id, c.type, c.source, c.endpoint, c.ref, up.path`;

// Climbs from matching file entries to the roots holding them, building each path on the way.
const CLIMB = `up(folder, path, size, oid, lfs_sha256, lfs_size) AS (
    SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM start
    UNION ALL
    SELECT e.folder, e.name || '/' || up.path, up.size, up.oid, up.lfs_sha256, up.lfs_size
    FROM up JOIN catalog_entries e ON e.child = up.folder
  )`;

/** Read-only questions over the current structures of all tracked repos (their last good refresh). */
export function createCatalogQueries(db: Db) {
  const byHash = db.prepare<[{ hash: string }], CatalogFileRow>(
    `WITH RECURSIVE start AS (
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE child IS NULL AND oid = @hash
       UNION
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE lfs_sha256 = @hash
     ), ${CLIMB} ${WHERE_FILE}`,
  );
  const byName = db.prepare<[{ like: string }], CatalogFileRow>(
    `WITH RECURSIVE start AS (
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE child IS NULL AND name LIKE @like ESCAPE '\\'
     ), ${CLIMB} ${WHERE_FILE}`,
  );
  const allFiles = db.prepare<[], CatalogFileRow>(
    `WITH RECURSIVE down(revision, folder, prefix) AS (
       SELECT DISTINCT c.revision_row, c.root_folder, '' FROM catalog_current c
       UNION ALL
       SELECT down.revision, e.child, down.prefix || e.name || '/' FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NOT NULL
     )
     SELECT c.repo_row, c.source, c.endpoint, c.type, c.repo_id, c.ref AS revision, c.commit_id,
       down.prefix || e.name AS path, e.size, e.oid, e.lfs_sha256, e.lfs_size
     FROM down
     JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NULL
     JOIN catalog_current c ON c.revision_row = down.revision
     ORDER BY c.repo_id, c.type, c.source, c.endpoint, c.ref, path`,
  );

  return {
    /** Files whose git oid or LFS sha256 is this (lowercase hex). */
    filesWithHash: (hash: string): CatalogFileRow[] => byHash.all({ hash }),
    /** Files whose name (last path segment) matches a LIKE pattern (escape with backslash). */
    filesNamedLike: (like: string): CatalogFileRow[] => byName.all({ like }),
    /** Every file of every current structure, streamed (for matches SQL cannot express, such as globs). */
    allFiles: (): IterableIterator<CatalogFileRow> => allFiles.iterate(),
  };
}

export type CatalogQueries = ReturnType<typeof createCatalogQueries>;
