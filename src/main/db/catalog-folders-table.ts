import { HEX_OF, storedHash } from './catalog-hash-sql.js';
import { createCatalogCatchUp } from './catalog-shared-contents.js';
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

/** An entry of two stored folders that differs: only one side has the name, or its child, size, oid or LFS sha256 differ. */
export interface CatalogDifferingEntry {
  readonly name: string;
  readonly old: CatalogEntryRow | null;
  readonly new: CatalogEntryRow | null;
}

interface DifferingRow {
  name: string;
  in_old: number;
  old_child: number | null;
  old_size: number | null;
  old_oid: string | null;
  old_lfs_sha256: string | null;
  old_lfs_size: number | null;
  in_new: number;
  new_child: number | null;
  new_size: number | null;
  new_oid: string | null;
  new_lfs_sha256: string | null;
  new_lfs_size: number | null;
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
  const insertEntry = db.prepare<[number, string, number | null, number | null, Buffer | string | null, Buffer | string | null, number | null]>(
    'INSERT INTO catalog_entries (folder, name, child, size, oid, lfs_sha256, lfs_size) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const ENTRY_COLUMNS = `name, child, size, ${HEX_OF('oid')} AS oid, ${HEX_OF('lfs_sha256')} AS lfs_sha256, lfs_size`;
  const entries = db.prepare<[number], CatalogEntryRow>(`SELECT ${ENTRY_COLUMNS} FROM catalog_entries WHERE folder = ? ORDER BY name`);
  const entry = db.prepare<[number, string], CatalogEntryRow>(`SELECT ${ENTRY_COLUMNS} FROM catalog_entries WHERE folder = ? AND name = ?`);
  // A full outer join over (folder, name), as the union of two one-sided joins, keeping only the
  // names whose entries differ: a diff reads the changed rows of a folder pair, not both listings.
  const differing = db.prepare<[{ old: number; new: number }], DifferingRow>(
    `SELECT o.name, 1 AS in_old, o.child AS old_child, o.size AS old_size, ${HEX_OF('o.oid')} AS old_oid, ${HEX_OF('o.lfs_sha256')} AS old_lfs_sha256, o.lfs_size AS old_lfs_size,
       n.name IS NOT NULL AS in_new, n.child AS new_child, n.size AS new_size, ${HEX_OF('n.oid')} AS new_oid, ${HEX_OF('n.lfs_sha256')} AS new_lfs_sha256, n.lfs_size AS new_lfs_size
     FROM catalog_entries o LEFT JOIN catalog_entries n ON n.folder = @new AND n.name = o.name
     WHERE o.folder = @old AND (n.name IS NULL OR o.child IS NOT n.child OR o.size IS NOT n.size OR o.oid IS NOT n.oid OR o.lfs_sha256 IS NOT n.lfs_sha256)
     UNION ALL
     SELECT n.name, 0, NULL, NULL, NULL, NULL, NULL, 1, n.child, n.size, ${HEX_OF('n.oid')}, ${HEX_OF('n.lfs_sha256')}, n.lfs_size
     FROM catalog_entries n
     WHERE n.folder = @new AND NOT EXISTS (SELECT 1 FROM catalog_entries o WHERE o.folder = @old AND o.name = n.name)`,
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
  const sweepSharedEntries = db.prepare('DELETE FROM catalog_shared_entries WHERE folder NOT IN (SELECT id FROM catalog_folders)');
  const sweepAll = db.transaction((): number => {
    const swept = sweep.run().changes;
    if (swept > 0) sweepSharedEntries.run();
    return swept;
  });
  const recordSharedContents = createCatalogCatchUp(db);
  const counts = db.prepare<[], CatalogStorageCounts>(
    `SELECT (SELECT COUNT(*) FROM catalog_repos) AS repos, (SELECT COUNT(*) FROM catalog_revisions) AS revisions,
       (SELECT COUNT(*) FROM catalog_folders) AS folders, (SELECT COUNT(*) FROM catalog_entries) AS entries`,
  );

  return {
    idOf: (digest: string): number | undefined => byDigest.get(digest)?.id,
    /** Stores a folder whose subfolders are stored already; the caller runs it inside its transaction. */
    insert(digest: string, rows: readonly CatalogEntryRow[]): number {
      const id = Number(insertFolder.run(digest).lastInsertRowid);
      for (const row of rows) insertEntry.run(id, row.name, row.child, row.size, storedHash(row.oid), storedHash(row.lfs_sha256), row.lfs_size);
      return id;
    },
    /**
     * Notes which contents of the folders stored since the last time another entry holds too (for
     * duplicates), and their new file names (for find --name); called by the transaction that
     * stored them, so that the cost lands there.
     */
    recordSharedContents,
    entries: (folder: number): CatalogEntryRow[] => entries.all(folder),
    /** The entries of two folders that differ, by name (unordered). */
    differing: (oldFolder: number, newFolder: number): CatalogDifferingEntry[] =>
      differing.all({ old: oldFolder, new: newFolder }).map((row) => ({
        name: row.name,
        old: row.in_old === 0 ? null : { name: row.name, child: row.old_child, size: row.old_size, oid: row.old_oid, lfs_sha256: row.old_lfs_sha256, lfs_size: row.old_lfs_size },
        new: row.in_new === 0 ? null : { name: row.name, child: row.new_child, size: row.new_size, oid: row.new_oid, lfs_sha256: row.new_lfs_sha256, lfs_size: row.new_lfs_size },
      })),
    entry: (folder: number, name: string): CatalogEntryRow | undefined => entry.get(folder, name),
    /** Deletes unreachable folders (their entries go with them); returns how many. */
    sweep: (): number => sweepAll(),
    counts: (): CatalogStorageCounts => counts.get() ?? { repos: 0, revisions: 0, folders: 0, entries: 0 },
  };
}

export type CatalogFoldersTable = ReturnType<typeof createCatalogFoldersTable>;
