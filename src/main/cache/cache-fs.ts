import type { Dirent, Stats } from 'node:fs';
import { lstat, readFile, readdir, rmdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Names the OS or tools drop into folders; scan_cache_dir skips them too. */
export const FILES_TO_IGNORE: ReadonlySet<string> = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', 'CACHEDIR.TAG']);

/**
 * Python ≥ 2.0 keeps Xet files once per cache in `<cache>/blobs/<2 hex>/<xet hash>`, marked by
 * this file (content "1\n"); a repo's `blobs/<etag>` is then a relative symlink into it.
 */
export const SHARED_BLOBS_DIR = 'blobs';
const SHARED_BLOBS_MARKER = '.huggingface-shared-blobs';

export async function isSharedBlobStore(dir: string): Promise<boolean> {
  try {
    return (await readFile(join(dir, SHARED_BLOBS_MARKER), 'utf8')) === '1\n';
  } catch {
    return false;
  }
}

/** Every payload of the shared store: `blobs/<ab>/<ab…64 hex>` regular files. */
export async function sharedStorePayloads(cacheDir: string): Promise<{ path: string; stats: Stats }[]> {
  const store = join(cacheDir, SHARED_BLOBS_DIR);
  if (!(await isSharedBlobStore(store))) return [];
  const payloads: { path: string; stats: Stats }[] = [];
  for (const prefix of await readdirSafe(store)) {
    if (!/^[0-9a-f]{2}$/.test(prefix.name) || !prefix.isDirectory()) continue;
    for (const entry of await readdirSafe(join(store, prefix.name))) {
      if (!/^[0-9a-f]{64}$/.test(entry.name) || !entry.name.startsWith(prefix.name)) continue;
      const path = join(store, prefix.name, entry.name);
      const stats = await lstatSafe(path);
      if (stats?.isFile()) payloads.push({ path, stats });
    }
  }
  return payloads;
}

/** Temp names of our atomic writes (`writeAtomic`, `linkSnapshot`): `<name>.<8 hex>.tmp`. */
export function isTempName(name: string): boolean {
  return /\.[0-9a-f]{8}\.tmp$/.test(name);
}

/** A blob name: a git SHA-1 (regular file) or a sha256 (LFS file). */
export function isEtagName(name: string): boolean {
  return /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(name);
}

/** Identity of the bytes on disk: hard links and symlinks to one file share it. */
export function inodeKey(stats: Pick<Stats, 'dev' | 'ino'>): string {
  return `${stats.dev}:${stats.ino}`;
}

export async function readdirSafe(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

export async function lstatSafe(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export interface WalkedEntry {
  readonly path: string;
  /** Relative to the walk's root, with "/" separators (a repo path for snapshots, a ref name for refs). */
  readonly name: string;
  readonly dirent: Dirent;
}

/** Every non-directory entry below `root`, depth first; symlinks are yielded, never followed. */
export async function* walkFiles(root: string, signal?: AbortSignal): AsyncGenerator<WalkedEntry> {
  for (const dirent of await readdirSafe(root)) {
    signal?.throwIfAborted();
    const path = join(root, dirent.name);
    if (dirent.isDirectory()) {
      for await (const entry of walkFiles(path, signal)) {
        yield { ...entry, name: `${dirent.name}/${entry.name}` };
      }
    } else {
      yield { path, name: dirent.name, dirent };
    }
  }
}

/**
 * Removes empty folders from `dir` upwards, stopping at `stopAt` (kept) or at the first folder
 * that still holds something.
 */
export async function removeEmptyParents(dir: string, stopAt: string): Promise<void> {
  let current = dir;
  while (current !== stopAt && relative(stopAt, current).split(sep)[0] !== '..') {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    current = join(current, '..');
  }
}

/** Runs `task` over `items` with at most `limit` in flight, in order of start. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The inodes every snapshot file of a repo currently points at (what must not be deleted). */
export async function snapshotInodes(repoPath: string): Promise<Set<string>> {
  const inodes = new Set<string>();
  for await (const entry of walkFiles(join(repoPath, 'snapshots'))) {
    const stats = await stat(entry.path).catch(() => undefined);
    if (stats) inodes.add(inodeKey(stats));
  }
  return inodes;
}
