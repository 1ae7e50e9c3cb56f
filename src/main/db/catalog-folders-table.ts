import type { Db } from './open-database.js';

/** One entry of a stored folder: a file (size, oid, LFS) or a subfolder (child). */
export interface CatalogEntryRow {
  name: string;
  child: number | null;
  size: number | null;
  oid: string | null;
  lfs_sha256: string | null;
  lfs_size: number | null;
}

export interface CatalogStorageCounts {
  readonly repos: number;
  readonly revisions: number;
  readonly folders: number;
  readonly entries: number;
}

/** catalog_folders and catalog_entries: folder listings stored once by the digest of their content. */
export function createCatalogFoldersTable(db: Db) {
  const byDigest = db.prepare<[string], { id: number }>('SELECT id FROM catalog_folders WHERE digest = ?');
  const insertFolder = db.prepare<[string]>('INSERT INTO catalog_folders (digest) VALUES (?)');
  const insertEntry = db.prepare<[number, string, number | null, number | null, string | null, string | null, number | null]>(
    'INSERT INTO catalog_entries (folder, name, child, size, oid, lfs_sha256, lfs_size) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const entries = db.prepare<[number], CatalogEntryRow>(
    'SELECT name, child, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE folder = ? ORDER BY name',
  );
  const entry = db.prepare<[number, string], CatalogEntryRow>(
    'SELECT name, child, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE folder = ? AND name = ?',
  );
  // Folders no stored revision reaches any more (a repo untracked, a revision dropped).
  const sweep = db.prepare(
    `WITH RECURSIVE reachable(id) AS (
       SELECT root_folder FROM catalog_revisions
       UNION
       SELECT e.child FROM reachable JOIN catalog_entries e ON e.folder = reachable.id AND e.child IS NOT NULL
     )
     DELETE FROM catalog_folders WHERE id NOT IN (SELECT id FROM reachable)`,
  );
  const counts = db.prepare<[], CatalogStorageCounts>(
    `SELECT (SELECT COUNT(*) FROM catalog_repos) AS repos, (SELECT COUNT(*) FROM catalog_revisions) AS revisions,
       (SELECT COUNT(*) FROM catalog_folders) AS folders, (SELECT COUNT(*) FROM catalog_entries) AS entries`,
  );

  return {
    idOf: (digest: string): number | undefined => byDigest.get(digest)?.id,
    /** Stores a folder whose subfolders are stored already; the caller runs it inside its transaction. */
    insert(digest: string, rows: readonly CatalogEntryRow[]): number {
      const id = Number(insertFolder.run(digest).lastInsertRowid);
      for (const row of rows) insertEntry.run(id, row.name, row.child, row.size, row.oid, row.lfs_sha256, row.lfs_size);
      return id;
    },
    entries: (folder: number): CatalogEntryRow[] => entries.all(folder),
    entry: (folder: number, name: string): CatalogEntryRow | undefined => entry.get(folder, name),
    /** Deletes unreachable folders (their entries go with them); returns how many. */
    sweep: (): number => sweep.run().changes,
    counts: (): CatalogStorageCounts => counts.get() ?? { repos: 0, revisions: 0, folders: 0, entries: 0 },
  };
}

export type CatalogFoldersTable = ReturnType<typeof createCatalogFoldersTable>;
