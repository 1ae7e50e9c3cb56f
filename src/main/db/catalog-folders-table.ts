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

export interface CatalogStorageCounts {
  readonly repos: number;
  readonly revisions: number;
  readonly folders: number;
  readonly entries: number;
}

/** catalog_folders and catalog_entries: folder listings stored once by the digest of their content. */
export function createCatalogFoldersTable(db: Db) {
  const byDigest = db.prepare<[string], { id: number }>('SELECT id FROM catalog_folders WHERE digest = ?');
  const insertFolder = db.prepare<[string, number]>('INSERT INTO catalog_folders (digest, entry_count) VALUES (?, ?)');
  const insertEntry = db.prepare<[number, string, number | null, number | null, Buffer | string | null, Buffer | string | null, number | null]>(
    'INSERT INTO catalog_entries (folder, name, child, size, oid, lfs_sha256, lfs_size) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const ENTRY_COLUMNS = `name, child, size, ${HEX_OF('oid')} AS oid, ${HEX_OF('lfs_sha256')} AS lfs_sha256, lfs_size`;
  const entries = db.prepare<[number], CatalogEntryRow>(`SELECT ${ENTRY_COLUMNS} FROM catalog_entries WHERE folder = ? ORDER BY name`);
  const entry = db.prepare<[number, string], CatalogEntryRow>(`SELECT ${ENTRY_COLUMNS} FROM catalog_entries WHERE folder = ? AND name = ?`);
  // The rows of one folder not found whole in the other: EXCEPT merges the two folders' rows as the
  // primary key gives them (by name, one pass over each, no lookup per entry, no sort).
  const SIDE_COLUMNS = 'name, child, size, oid, lfs_sha256, lfs_size';
  const onlyIn = db.prepare<[{ mine: number; other: number }], CatalogEntryRow>(
    `SELECT name, child, size, ${HEX_OF('oid')} AS oid, ${HEX_OF('lfs_sha256')} AS lfs_sha256, lfs_size
     FROM (SELECT ${SIDE_COLUMNS} FROM catalog_entries WHERE folder = @mine EXCEPT SELECT ${SIDE_COLUMNS} FROM catalog_entries WHERE folder = @other)`,
  );
  const entryCounts = db.prepare<[{ old: number; new: number }], { old: number; new: number }>(
    'SELECT (SELECT entry_count FROM catalog_folders WHERE id = @old) AS old, (SELECT entry_count FROM catalog_folders WHERE id = @new) AS new',
  );
  /**
   * One direction first (migration 25): the old folder's rows not found whole in the new one are
   * its modified and removed entries, each paired with the new folder's entry of that name. The new
   * folder added entries only when its count exceeds the old one's less those removed; only then is
   * it compared the other way.
   */
  const differingPair = (oldFolder: number, newFolder: number): CatalogDifferingEntry[] => {
    const pairs: CatalogDifferingEntry[] = [];
    const paired = new Set<string>();
    let removed = 0;
    for (const old of onlyIn.all({ mine: oldFolder, other: newFolder })) {
      const now = entry.get(newFolder, old.name) ?? null;
      if (now === null) removed += 1;
      pairs.push({ name: old.name, old, new: now });
      paired.add(old.name);
    }
    const counts = entryCounts.get({ old: oldFolder, new: newFolder });
    if (counts === undefined || counts.new - counts.old + removed !== 0) {
      for (const now of onlyIn.all({ mine: newFolder, other: oldFolder })) if (!paired.has(now.name)) pairs.push({ name: now.name, old: null, new: now });
    }
    return pairs;
  };
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
      const id = Number(insertFolder.run(digest, rows.length).lastInsertRowid);
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
    differing: differingPair,
    entry: (folder: number, name: string): CatalogEntryRow | undefined => entry.get(folder, name),
    /** Deletes unreachable folders (their entries go with them); returns how many. */
    sweep: (): number => sweepAll(),
    counts: (): CatalogStorageCounts => counts.get() ?? { repos: 0, revisions: 0, folders: 0, entries: 0 },
  };
}

export type CatalogFoldersTable = ReturnType<typeof createCatalogFoldersTable>;
