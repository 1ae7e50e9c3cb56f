import type { Db } from './open-database.js';

export interface SweepCounts {
  commits: number;
  trees: number;
  blobs: number;
  /** Annotated tag objects (from git push). */
  tags: number;
}

/** Queries of the mark-and-sweep garbage collector. Call `sweep` inside a write transaction. */
export function createGcQueries(db: Db) {
  return {
    /** Records the live object ids in a temp table and deletes every older object not in it. */
    sweep(live: Iterable<string>, cutoff: number): SweepCounts {
      db.exec('CREATE TEMP TABLE IF NOT EXISTS gc_live (oid TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM gc_live;');
      const insert = db.prepare<[string]>('INSERT OR IGNORE INTO gc_live (oid) VALUES (?)');
      for (const oid of live) insert.run(oid);
      const dead = 'SELECT oid FROM git_commits WHERE created_at < ? AND oid NOT IN (SELECT oid FROM gc_live)';
      db.prepare<[number]>(`DELETE FROM repo_commits WHERE commit_oid IN (${dead})`).run(cutoff);
      const commits = db
        .prepare<[number]>('DELETE FROM git_commits WHERE created_at < ? AND oid NOT IN (SELECT oid FROM gc_live)')
        .run(cutoff).changes;
      const trees = db
        .prepare<[number]>('DELETE FROM git_trees WHERE created_at < ? AND oid NOT IN (SELECT oid FROM gc_live)')
        .run(cutoff).changes;
      const blobs = db
        .prepare<[number]>('DELETE FROM git_blobs WHERE created_at < ? AND oid NOT IN (SELECT oid FROM gc_live)')
        .run(cutoff).changes;
      // A tag object lives while a tag ref shows it: the ref exists and still names the commit the
      // tag peels to (readers ignore the other links). Links to a swept tag object go with it.
      const tags = db
        .prepare<[number]>(
          `DELETE FROM git_tags WHERE created_at < ? AND oid NOT IN (
             SELECT a.tag_oid FROM repo_annotated_tags a
               JOIN refs r ON r.repo_id = a.repo_id AND r.name = a.ref_name
               JOIN git_tags t ON t.oid = a.tag_oid
              WHERE t.target_oid = r.commit_oid)`,
        )
        .run(cutoff).changes;
      db.exec('DELETE FROM repo_annotated_tags WHERE tag_oid NOT IN (SELECT oid FROM git_tags)');
      db.exec('DELETE FROM gc_live');
      return { commits, trees, blobs, tags };
    },
    /** Every sha256 a git blob still points at (content file or LFS object). */
    referencedContent(): Set<string> {
      const rows = db
        .prepare<[], { sha: string }>(
          `SELECT sha256 AS sha FROM git_blobs WHERE sha256 IS NOT NULL AND inline = 0
           UNION SELECT lfs_oid AS sha FROM git_blobs WHERE lfs_oid IS NOT NULL`,
        )
        .all();
      return new Set(rows.map((row) => row.sha));
    },
    /** The git blobs whose content is this sha256 (as a regular file or as an LFS object). */
    blobsWithContent(sha256: string): Array<{ oid: string; isLfs: boolean; createdAt: number }> {
      return db
        .prepare<[string, string], { oid: string; lfs: number; created_at: number }>(
          'SELECT oid, lfs_oid IS NOT NULL AS lfs, created_at FROM git_blobs WHERE sha256 = ? OR lfs_oid = ?',
        )
        .all(sha256, sha256)
        .map((row) => ({ oid: row.oid, isLfs: row.lfs === 1, createdAt: row.created_at }));
    },
    isContentReferenced(sha256: string): boolean {
      return (
        db
          .prepare<[string, string], { one: number }>(
            'SELECT 1 AS one FROM git_blobs WHERE (sha256 = ? AND inline = 0) OR lfs_oid = ? LIMIT 1',
          )
          .get(sha256, sha256) !== undefined
      );
    },
    counts(): SweepCounts {
      const count = (table: string): number =>
        (db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return { commits: count('git_commits'), trees: count('git_trees'), blobs: count('git_blobs'), tags: count('git_tags') };
    },
  };
}
