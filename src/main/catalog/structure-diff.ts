import type { CatalogDifferingEntry, CatalogEntryRow } from '../db/index.js';

/** A file as a diff shows it. sha256 is the LFS sha256 (null for a file stored in git). */
export interface DiffFile {
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  readonly sha256: string | null;
}

export interface ModifiedFile {
  readonly path: string;
  readonly old: DiffFile;
  readonly new: DiffFile;
}

/** The same content at a new path (the old path is gone). */
export interface RenamedFile {
  readonly from: DiffFile;
  readonly to: DiffFile;
}

export interface StructureDiff {
  readonly added: DiffFile[];
  readonly removed: DiffFile[];
  readonly modified: ModifiedFile[];
  readonly renamed: RenamedFile[];
}

/** The entries of a stored folder, by its id. */
type FolderEntries = (folder: number) => readonly CatalogEntryRow[];

/** Stored folders that can also name the entries of two folders that differ (catalog_entries compares them in SQL). */
export interface ComparableFolders {
  entries(folder: number): readonly CatalogEntryRow[];
  differing(oldFolder: number, newFolder: number): readonly CatalogDifferingEntry[];
}

/**
 * What changed from one stored structure to another. Folders are stored once by content, so a
 * folder id present on both sides is an unchanged subtree and is not read at all; of a changed
 * folder pair only the differing entries are read. A removed file and an added file with the same
 * content (sha256 for LFS files, else git oid) form a rename.
 */
export function diffStructures(oldRoot: number, newRoot: number, folders: ComparableFolders): StructureDiff {
  const entriesOf: FolderEntries = (folder) => folders.entries(folder);
  const added: DiffFile[] = [];
  const removed: DiffFile[] = [];
  const modified: ModifiedFile[] = [];
  const walk = (a: number, b: number, prefix: string): void => {
    if (a === b) return;
    for (const { name, old, new: now } of folders.differing(a, b)) {
      const path = prefix + name;
      if (now === null) {
        if (old !== null) collect(old, path, entriesOf, removed);
      } else if (old === null) {
        collect(now, path, entriesOf, added);
      } else if (old.child !== null && now.child !== null) {
        walk(old.child, now.child, `${path}/`);
      } else if (old.child === null && now.child === null) {
        const from = diffFile(old, path);
        const to = diffFile(now, path);
        if (from.oid !== to.oid || from.sha256 !== to.sha256 || from.size !== to.size) modified.push({ path, old: from, new: to });
      } else {
        collect(old, path, entriesOf, removed);
        collect(now, path, entriesOf, added);
      }
    }
  };
  walk(oldRoot, newRoot, '');
  return pairRenames(added, removed, modified);
}

function pairRenames(added: DiffFile[], removed: DiffFile[], modified: ModifiedFile[]): StructureDiff {
  const removedByContent = new Map<string, DiffFile[]>();
  for (const file of removed.sort(byPath)) {
    const list = removedByContent.get(contentKey(file));
    if (list === undefined) removedByContent.set(contentKey(file), [file]);
    else list.push(file);
  }
  const renamed: RenamedFile[] = [];
  const stillAdded: DiffFile[] = [];
  const renamedFrom = new Set<DiffFile>();
  for (const file of added.sort(byPath)) {
    const from = removedByContent.get(contentKey(file))?.shift();
    if (from === undefined) {
      stillAdded.push(file);
    } else {
      renamed.push({ from, to: file });
      renamedFrom.add(from);
    }
  }
  return {
    added: stillAdded,
    removed: removed.filter((file) => !renamedFrom.has(file)),
    modified: modified.sort((a, b) => byPath(a.new, b.new)),
    renamed,
  };
}

function collect(entry: CatalogEntryRow, path: string, entriesOf: FolderEntries, into: DiffFile[]): void {
  if (entry.child === null) {
    into.push(diffFile(entry, path));
    return;
  }
  for (const inner of entriesOf(entry.child)) collect(inner, `${path}/${inner.name}`, entriesOf, into);
}

function diffFile(entry: CatalogEntryRow, path: string): DiffFile {
  return { path, size: entry.size ?? 0, oid: entry.oid ?? '', sha256: entry.lfs_sha256 };
}

function contentKey(file: DiffFile): string {
  return file.sha256 === null ? `oid:${file.oid}` : `sha256:${file.sha256}`;
}

function byPath(a: DiffFile, b: DiffFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
