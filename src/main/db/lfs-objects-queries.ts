import type { Db } from './open-database.js';

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

  return {
    /** Which of `sha256s` some commit of the repo references as an LFS object. */
    referencedBy(repoId: number, sha256s: readonly string[]): Set<string> {
      if (sha256s.length === 0) return new Set();
      return new Set(referenced.all(JSON.stringify(sha256s), repoId).map((row) => row.oid));
    },
  };
}

export type LfsObjectsQueries = ReturnType<typeof createLfsObjectsQueries>;
