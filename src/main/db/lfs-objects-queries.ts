import type { Db } from './open-database.js';

export interface LfsFileRow {
  readonly sha256: string;
  readonly size: number;
  /** The git blob of its pointer file. */
  readonly pointer_oid: string;
  /** A path that holds it in some commit. */
  readonly path: string;
  /** When its pointer was first stored (milliseconds). */
  readonly created_at: number;
}

/** Queries about which LFS objects (by sha256) a repo's history references. */
export function createLfsObjectsQueries(db: Db) {
  // Every tree of every commit of the repo (shared subtrees visited once), then the pointer
  // blobs in them; candidate pointers come from the lfs_oid index first.
  const referenced = db.prepare<[string, number], { oid: string }>(
    `WITH RECURSIVE
       wanted(oid, lfs_oid) AS (
         SELECT b.oid, b.lfs_oid FROM git_blobs b WHERE b.lfs_oid IN (SELECT value FROM json_each(?))
       ),
       trees(oid) AS (
         SELECT c.tree_oid FROM repo_commits rc JOIN git_commits c ON c.oid = rc.commit_oid WHERE rc.repo_id = ?
         UNION
         SELECT e.oid FROM trees t JOIN git_tree_entries e ON e.tree_oid = t.oid WHERE e.mode = '40000'
       )
     SELECT DISTINCT w.lfs_oid AS oid
       FROM trees t JOIN git_tree_entries e ON e.tree_oid = t.oid JOIN wanted w ON w.oid = e.oid`,
  );

  // Every (tree, folder path) pair of the repo's history, visited once, then its LFS pointers:
  // one row per object, with the first path (in path order) that holds it.
  const files = db.prepare<[number], LfsFileRow>(
    `WITH RECURSIVE
       trees(oid, prefix) AS (
         SELECT c.tree_oid, '' FROM repo_commits rc JOIN git_commits c ON c.oid = rc.commit_oid WHERE rc.repo_id = ?
         UNION
         SELECT e.oid, t.prefix || e.name || '/' FROM trees t JOIN git_tree_entries e ON e.tree_oid = t.oid WHERE e.mode = '40000'
       )
     SELECT b.lfs_oid AS sha256, b.lfs_size AS size, b.oid AS pointer_oid, min(t.prefix || e.name) AS path, b.created_at AS created_at
       FROM trees t JOIN git_tree_entries e ON e.tree_oid = t.oid JOIN git_blobs b ON b.oid = e.oid
      WHERE b.lfs_oid IS NOT NULL AND e.mode != '40000'
      GROUP BY b.lfs_oid
      ORDER BY created_at DESC, sha256`,
  );
  const pointers = db.prepare<[string], { oid: string }>(
    'SELECT oid FROM git_blobs WHERE lfs_oid IN (SELECT value FROM json_each(?))',
  );

  return {
    /** The LFS objects anywhere in the repo's history, newest first. */
    filesOf: (repoId: number): LfsFileRow[] => files.all(repoId),
    /** The git pointer blobs of these LFS objects (sha256). */
    pointerBlobs: (sha256s: readonly string[]): string[] => pointers.all(JSON.stringify(sha256s)).map((row) => row.oid),
    /** Which of `sha256s` some commit of the repo references as an LFS object. */
    referencedBy(repoId: number, sha256s: readonly string[]): Set<string> {
      if (sha256s.length === 0) return new Set();
      return new Set(referenced.all(JSON.stringify(sha256s), repoId).map((row) => row.oid));
    },
  };
}

export type LfsObjectsQueries = ReturnType<typeof createLfsObjectsQueries>;
