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

interface DifferingRow extends CatalogEntryRow {
  /** 0: the row of the old folder, 1: of the new one. */
  side: number;
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
  // The rows of each folder not found whole in the other: each EXCEPT merges the two folders' rows
  // as the primary key gives them (by name, one pass over each, no lookup per entry, no sort).
  // A name on both sides whose entry changed comes once from each side.
  const SIDE_COLUMNS = 'name, child, size, oid, lfs_sha256, lfs_size';
  const onlyIn = (side: number, mine: string, other: string): string =>
    `SELECT ${side} AS side, name, child, size, ${HEX_OF('oid')} AS oid, ${HEX_OF('lfs_sha256')} AS lfs_sha256, lfs_size
     FROM (SELECT ${SIDE_COLUMNS} FROM catalog_entries WHERE folder = ${mine} EXCEPT SELECT ${SIDE_COLUMNS} FROM catalog_entries WHERE folder = ${other} ORDER BY name)`;
  const differing = db.prepare<[{ old: number; new: number }], DifferingRow>(`${onlyIn(0, '@old', '@new')} UNION ALL ${onlyIn(1, '@new', '@old')}`);
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
    differing: (oldFolder: number, newFolder: number): CatalogDifferingEntry[] => pairByName(differing.all({ old: oldFolder, new: newFolder })),
    entry: (folder: number, name: string): CatalogEntryRow | undefined => entry.get(folder, name),
    /** Deletes unreachable folders (their entries go with them); returns how many. */
    sweep: (): number => sweepAll(),
    counts: (): CatalogStorageCounts => counts.get() ?? { repos: 0, revisions: 0, folders: 0, entries: 0 },
  };
}

export type CatalogFoldersTable = ReturnType<typeof createCatalogFoldersTable>;

/** One differing entry per name: its old row, its new row, or both. */
function pairByName(rows: readonly DifferingRow[]): CatalogDifferingEntry[] {
  const byName = new Map<string, { name: string; old: CatalogEntryRow | null; new: CatalogEntryRow | null }>();
  for (const { side, ...row } of rows) {
    let pair = byName.get(row.name);
    if (pair === undefined) {
      pair = { name: row.name, old: null, new: null };
      byName.set(row.name, pair);
    }
    if (side === 0) pair.old = row;
    else pair.new = row;
  }
  return [...byName.values()];
}
