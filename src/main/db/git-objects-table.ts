import type { Db } from './open-database.js';

export interface GitBlobRow {
  oid: string;
  size: number;
  sha256: string | null;
  /** 1 when the bytes are in git_blob_contents (small regular files). */
  inline: number;
  content: Buffer | null;
  lfs_oid: string | null;
  lfs_size: number | null;
}

export interface TreeEntryRow {
  name: string;
  mode: string;
  oid: string;
}

/** A tree entry joined with its blob's metadata (null for sub-trees). */
export interface TreeEntryWithBlobRow extends TreeEntryRow {
  pos: number;
  size: number | null;
  lfs_oid: string | null;
  lfs_size: number | null;
}

/**
 * A tree entry with its blob's metadata as a positional row: `[name, mode, oid, size, lfs_oid,
 * lfs_size, pos]`. Listings read thousands of these per page, and arrays skip building an
 * object per row (a third of the listing's time).
 */
export type TreeEntryTuple = [string, string, string, number | null, string | null, number | null, number];

export interface GitCommitRow {
  oid: string;
  tree_oid: string;
  parents: string;
  author_name: string;
  author_email: string;
  author_time: number;
  committer_time: number;
  message: string;
  raw: Buffer;
}

export interface NewGitBlob {
  oid: string;
  size: number;
  sha256: string | null;
  content: Uint8Array | null;
  lfsOid: string | null;
  lfsSize: number | null;
}

export interface NewGitCommit {
  oid: string;
  tree: string;
  parents: readonly string[];
  authorName: string;
  authorEmail: string;
  authorTime: number;
  committerTime: number;
  message: string;
  raw: Uint8Array;
}

/** git_blobs, git_trees, git_tree_entries, git_commits and repo_commits: the object database. */
export function createGitObjectsTable(db: Db) {
  const blobGet = db.prepare<[string], GitBlobRow>(
    `SELECT b.oid, b.size, b.sha256, b.inline, b.lfs_oid, b.lfs_size, c.content
       FROM git_blobs b LEFT JOIN git_blob_contents c ON c.oid = b.oid WHERE b.oid = ?`,
  );
  const blobMeta = db.prepare<[string], Omit<GitBlobRow, 'content'>>(
    'SELECT oid, size, sha256, inline, lfs_oid, lfs_size FROM git_blobs WHERE oid = ?',
  );
  // A re-staged blob gets a fresh created_at so the garbage collector's grace period restarts.
  const blobUpsert = db.prepare<[string, number, string | null, number, string | null, number | null, number]>(
    `INSERT INTO git_blobs (oid, size, sha256, inline, lfs_oid, lfs_size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (oid) DO UPDATE SET created_at = excluded.created_at`,
  );
  const blobsStoredAmong = db.prepare<[string], { oid: string }>('SELECT b.oid FROM json_each(?) j JOIN git_blobs b ON b.oid = j.value');
  const blobsTouch = db.prepare<[number, string]>('UPDATE git_blobs SET created_at = ? WHERE oid IN (SELECT value FROM json_each(?))');
  const blobsTouchReturning = db.prepare<[number, string], { oid: string }>(
    'UPDATE git_blobs SET created_at = ? WHERE oid IN (SELECT value FROM json_each(?)) RETURNING oid',
  );
  const contentInsert = db.prepare<[string, Uint8Array]>(
    'INSERT INTO git_blob_contents (oid, content) VALUES (?, ?) ON CONFLICT (oid) DO NOTHING',
  );
  const treeExists = db.prepare<[string], { oid: string }>('SELECT oid FROM git_trees WHERE oid = ?');
  const treesTouch = db.prepare<[number, string]>('UPDATE git_trees SET created_at = ? WHERE oid IN (SELECT value FROM json_each(?))');
  const treeInsert = db.prepare<[string, number]>(
    'INSERT INTO git_trees (oid, created_at) VALUES (?, ?) ON CONFLICT (oid) DO UPDATE SET created_at = excluded.created_at',
  );
  const entryInsert = db.prepare<[string, number, string, string, string]>(
    'INSERT OR IGNORE INTO git_tree_entries (tree_oid, pos, name, mode, oid) VALUES (?, ?, ?, ?, ?)',
  );
  const entries = db.prepare<[string], TreeEntryRow>(
    'SELECT name, mode, oid FROM git_tree_entries WHERE tree_oid = ? ORDER BY pos',
  );
  const entriesWithBlobs = db.prepare<[string, number, number], TreeEntryWithBlobRow>(
    `SELECT e.pos, e.name, e.mode, e.oid, b.size, b.lfs_oid, b.lfs_size
       FROM git_tree_entries e LEFT JOIN git_blobs b ON b.oid = e.oid
      WHERE e.tree_oid = ? AND e.pos >= ? ORDER BY e.pos LIMIT ?`,
  );
  const entryTuples = db
    .prepare<[string, number, number], TreeEntryTuple>(
      `SELECT e.name, e.mode, e.oid, b.size, b.lfs_oid, b.lfs_size, e.pos
         FROM git_tree_entries e LEFT JOIN git_blobs b ON b.oid = e.oid
        WHERE e.tree_oid = ? AND e.pos >= ? ORDER BY e.pos LIMIT ?`,
    )
    .raw();
  const entryByName = db.prepare<[string, string], TreeEntryWithBlobRow>(
    `SELECT e.pos, e.name, e.mode, e.oid, b.size, b.lfs_oid, b.lfs_size
       FROM git_tree_entries e LEFT JOIN git_blobs b ON b.oid = e.oid
      WHERE e.tree_oid = ? AND e.name = ?`,
  );
  const commitGet = db.prepare<[string], GitCommitRow>('SELECT * FROM git_commits WHERE oid = ?');
  const commitInsert = db.prepare<[string, string, string, string, string, number, number, string, Uint8Array, number]>(
    `INSERT INTO git_commits (oid, tree_oid, parents, author_name, author_email, author_time, committer_time, message, raw, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (oid) DO UPDATE SET created_at = excluded.created_at`,
  );
  const repoCommitInsert = db.prepare<[number, string]>(
    'INSERT OR IGNORE INTO repo_commits (repo_id, commit_oid) VALUES (?, ?)',
  );
  const repoCommitDelete = db.prepare<[number, string]>('DELETE FROM repo_commits WHERE repo_id = ? AND commit_oid = ?');
  const repoCommitHas = db.prepare<[number, string], { commit_oid: string }>(
    'SELECT commit_oid FROM repo_commits WHERE repo_id = ? AND commit_oid = ?',
  );
  const repoCommitByPrefix = db.prepare<[number, string, string], { commit_oid: string }>(
    'SELECT commit_oid FROM repo_commits WHERE repo_id = ? AND commit_oid >= ? AND commit_oid < ? LIMIT 2',
  );

  return {
    getBlob: (oid: string): GitBlobRow | undefined => blobGet.get(oid),
    getBlobMeta: (oid: string): Omit<GitBlobRow, 'content'> | undefined => blobMeta.get(oid),
    putBlob(blob: NewGitBlob, now: number): void {
      blobUpsert.run(blob.oid, blob.size, blob.sha256, blob.content === null ? 0 : 1, blob.lfsOid, blob.lfsSize, now);
      if (blob.content !== null) contentInsert.run(blob.oid, blob.content);
    },
    /** Which of `oids` the database holds, in one query (a push checks thousands of blobs at once). */
    storedBlobOids: (oids: readonly string[]): Set<string> => new Set(blobsStoredAmong.all(JSON.stringify(oids)).map((row) => row.oid)),
    /** Restarts stored blobs' garbage-collection grace period (they were received again), in one statement. */
    touchBlobs: (oids: readonly string[], now: number): void => void blobsTouch.run(now, JSON.stringify(oids)),
    /** touchBlobs for those of `oids` the database holds, returned: one statement for both (a push's batch of blobs). */
    touchStoredBlobs: (oids: readonly string[], now: number): Set<string> =>
      new Set(blobsTouchReturning.all(now, JSON.stringify(oids)).map((row) => row.oid)),
    hasTree: (oid: string): boolean => treeExists.get(oid) !== undefined,
    /** Restarts stored trees' garbage-collection grace period (a push holds them again), in one statement. */
    touchTrees: (oids: readonly string[], now: number): void => void treesTouch.run(now, JSON.stringify(oids)),
    /** Stores a tree with its entries in git order; idempotent. */
    putTree(oid: string, sortedEntries: readonly TreeEntryRow[], now: number): void {
      treeInsert.run(oid, now);
      sortedEntries.forEach((entry, pos) => entryInsert.run(oid, pos, entry.name, entry.mode, entry.oid));
    },
    treeEntries: (oid: string): TreeEntryRow[] => entries.all(oid),
    /** Up to `limit` entries of a tree from position `fromPos` on, with their blobs' metadata. */
    treeEntriesWithBlobs: (oid: string, fromPos = 0, limit = -1): TreeEntryWithBlobRow[] =>
      entriesWithBlobs.all(oid, fromPos, limit),
    /** Like treeEntriesWithBlobs, as positional rows. */
    treeEntryTuples: (oid: string, fromPos: number, limit: number): TreeEntryTuple[] => entryTuples.all(oid, fromPos, limit),
    treeEntryByName: (treeOid: string, name: string): TreeEntryWithBlobRow | undefined => entryByName.get(treeOid, name),
    getCommit: (oid: string): GitCommitRow | undefined => commitGet.get(oid),
    putCommit(commit: NewGitCommit, now: number): void {
      commitInsert.run(
        commit.oid,
        commit.tree,
        commit.parents.join(' '),
        commit.authorName,
        commit.authorEmail,
        commit.authorTime,
        commit.committerTime,
        commit.message,
        commit.raw,
        now,
      );
    },
    addRepoCommit: (repoId: number, commitOid: string): void => void repoCommitInsert.run(repoId, commitOid),
    /** Forgets that a repo has a commit (its history was rewritten without it). */
    removeRepoCommit: (repoId: number, commitOid: string): void => void repoCommitDelete.run(repoId, commitOid),
    repoHasCommit: (repoId: number, commitOid: string): boolean => repoCommitHas.get(repoId, commitOid) !== undefined,
    /** Commits of a repo whose id starts with `prefix` (at most two, enough to detect ambiguity). */
    repoCommitsByPrefix: (repoId: number, prefix: string): string[] =>
      repoCommitByPrefix.all(repoId, prefix, `${prefix}g`).map((row) => row.commit_oid),
  };
}

export type GitObjectsTable = ReturnType<typeof createGitObjectsTable>;
