import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelFolderKind } from '../../shared/model-folders.js';
import { classifyFolder, isScannedFolderName, type ListedEntry } from './classify-folder.js';

export interface FoundModelFolder {
  /** The folder's path (below the root it was found in, joined as the scan walked it). */
  readonly path: string;
  readonly kind: ModelFolderKind;
}

export interface ModelFolderScanOptions {
  /** How many levels below the root are looked at (the root itself is level 0). */
  readonly maxDepth?: number;
  /** Stop after visiting this many folders: a root such as the home folder stays cheap. */
  readonly maxFolders?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_MAX_DEPTH = 4;
const DEFAULT_MAX_FOLDERS = 20_000;

/**
 * The model folders in and below `root` (the root itself may be one), sorted by path. A model
 * folder is not entered further; hidden and system folders are skipped; symbolic links to folders
 * are followed once (a folder reached twice, as through a link loop, is visited once); folders
 * that cannot be read are passed over.
 */
export async function findModelFolders(root: string, options: ModelFolderScanOptions = {}): Promise<FoundModelFolder[]> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxFolders = options.maxFolders ?? DEFAULT_MAX_FOLDERS;
  const found: FoundModelFolder[] = [];
  const visited = new Set<string>();
  let queue: string[] = [root];
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of queue) {
      options.signal?.throwIfAborted();
      if (visited.size >= maxFolders) return sortByPath(found);
      const identity = await folderIdentity(folder);
      if (identity === undefined || visited.has(identity)) continue;
      visited.add(identity);
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => undefined);
      if (entries === undefined) continue;
      const listing = await listingOf(folder, entries);
      const kind = classifyFolder(listing);
      if (kind !== undefined) {
        found.push({ path: folder, kind });
        continue;
      }
      for (const entry of listing) {
        if (entry.isDirectory && !entry.path.includes('/') && isScannedFolderName(entry.path)) next.push(join(folder, entry.path));
      }
    }
    queue = next;
  }
  return sortByPath(found);
}

/** A folder's top level (links resolved to what they point at), plus `.cache`'s children. */
async function listingOf(folder: string, entries: readonly Dirent[]): Promise<ListedEntry[]> {
  const listing: ListedEntry[] = [];
  for (const entry of entries) {
    const isDirectory = entry.isSymbolicLink() ? await isFolder(join(folder, entry.name)) : entry.isDirectory();
    listing.push({ path: entry.name, isDirectory });
    if (entry.name === '.cache' && isDirectory) {
      for (const child of await readdir(join(folder, '.cache'), { withFileTypes: true }).catch(() => [])) {
        listing.push({ path: `.cache/${child.name}`, isDirectory: child.isDirectory() });
      }
    }
  }
  return listing;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function folderIdentity(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ? `${info.dev}:${info.ino}` : undefined;
}

function sortByPath(found: FoundModelFolder[]): FoundModelFolder[] {
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
