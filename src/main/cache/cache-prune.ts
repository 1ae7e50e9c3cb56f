import type { Stats } from 'node:fs';
import { readFile, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { inodeKey, isEtagName, isTempName, lstatSafe, readdirSafe, removeEmptyParents, snapshotInodes, walkFiles } from './cache-fs.js';
import { writeAtomic } from '../files/index.js';
import type { CacheScan, CachedRepo } from './cache-scan.js';

export const DEFAULT_PRUNE_AGE_MS = 24 * 60 * 60 * 1000;

export type PruneItemKind = 'unreferenced-blob' | 'incomplete' | 'temp' | 'lock' | 'dangling-ref' | 'ref-newline' | 'empty-folder';

export interface PruneItem {
  readonly kind: PruneItemKind;
  readonly path: string;
  /** Bytes this gives back (0 for a file still hard-linked elsewhere). */
  readonly bytes: number;
  /** Change time seen when planning: a file changed since (a download resumed) stays. */
  readonly stamp?: number;
}

export interface PrunePlan {
  readonly cacheDir: string;
  readonly items: readonly PruneItem[];
  readonly expectedFreedBytes: number;
}

export interface PruneOptions {
  /**
   * Leftovers younger than this stay: a blob that was just renamed into blobs/ is unreferenced
   * until its snapshot link is made, and an .incomplete file may belong to a running download.
   */
  readonly olderThanMs?: number;
  readonly now?: number;
  readonly signal?: AbortSignal;
}

/**
 * Finds what a cache can lose without losing a revision: blobs no snapshot uses, stale
 * `.incomplete` downloads, temp files of interrupted atomic writes, old `.locks` files, refs
 * pointing at commits that have no snapshot, refs with a trailing newline (rewritten, not
 * removed) and empty folders.
 */
export async function planPrune(scan: CacheScan, options: PruneOptions = {}): Promise<PrunePlan> {
  const cutoff = (options.now ?? Date.now()) - (options.olderThanMs ?? DEFAULT_PRUNE_AGE_MS);
  const old = (stats: Stats): boolean => Math.max(stats.mtimeMs, stats.ctimeMs) <= cutoff;
  const items: PruneItem[] = [];
  for (const repo of scan.repos) {
    options.signal?.throwIfAborted();
    items.push(...(await planRepo(repo, old)));
  }
  items.push(...(await planLocks(scan.cacheDir, old)));
  return { cacheDir: scan.cacheDir, items, expectedFreedBytes: items.reduce((sum, item) => sum + item.bytes, 0) };
}

async function planRepo(repo: CachedRepo, old: (stats: Stats) => boolean): Promise<PruneItem[]> {
  const items: PruneItem[] = [];
  const used = new Set(repo.revisions.flatMap((revision) => revision.files.map((file) => file.inode)));
  const freedBytes = (stats: Stats): number => (stats.nlink <= 1 ? stats.size : 0);

  const blobsDir = join(repo.repoPath, 'blobs');
  for (const entry of await readdirSafe(blobsDir)) {
    const path = join(blobsDir, entry.name);
    const stats = await lstatSafe(path);
    if (!stats || !old(stats)) continue;
    if (stats.isSymbolicLink() && isEtagName(entry.name)) {
      // A link into Python's shared store: the link goes, the shared file is Python's to collect.
      const target = await stat(path).catch(() => undefined);
      if (!target || !used.has(inodeKey(target))) items.push({ kind: 'unreferenced-blob', path, bytes: 0, stamp: Math.max(stats.mtimeMs, stats.ctimeMs) });
      continue;
    }
    if (!stats.isFile()) continue;
    const stamp = Math.max(stats.mtimeMs, stats.ctimeMs);
    if (entry.name.endsWith('.incomplete')) items.push({ kind: 'incomplete', path, bytes: freedBytes(stats), stamp });
    else if (isTempName(entry.name)) items.push({ kind: 'temp', path, bytes: freedBytes(stats), stamp });
    else if (isEtagName(entry.name) && !used.has(inodeKey(stats))) items.push({ kind: 'unreferenced-blob', path, bytes: freedBytes(stats), stamp });
  }

  for (const folder of ['refs', 'snapshots']) {
    for await (const entry of walkFiles(join(repo.repoPath, folder))) {
      if (!isTempName(entry.name)) continue;
      const stats = await lstatSafe(entry.path);
      if (stats && old(stats)) items.push({ kind: 'temp', path: entry.path, bytes: stats.isFile() ? freedBytes(stats) : 0 });
    }
  }

  const commits = new Set(repo.revisions.map((revision) => revision.commitHash));
  for (const { ref, commit } of repo.danglingRefs) {
    const path = join(repo.repoPath, 'refs', ...ref.split('/'));
    if (commits.has(commit.trim())) {
      items.push({ kind: 'ref-newline', path, bytes: 0 });
      continue;
    }
    // Python writes the ref before the snapshot exists: a young one may belong to a running download.
    const stats = await lstatSafe(path);
    if (stats && old(stats)) items.push({ kind: 'dangling-ref', path, bytes: 0, stamp: Math.max(stats.mtimeMs, stats.ctimeMs) });
  }

  for (const folder of await emptyFolders(repo.repoPath)) items.push({ kind: 'empty-folder', path: folder, bytes: 0 });
  return items;
}

async function planLocks(cacheDir: string, old: (stats: Stats) => boolean): Promise<PruneItem[]> {
  const items: PruneItem[] = [];
  const locksDir = join(cacheDir, '.locks');
  for await (const entry of walkFiles(locksDir)) {
    const stats = await lstatSafe(entry.path);
    if (stats?.isFile() && entry.name.endsWith('.lock') && old(stats)) items.push({ kind: 'lock', path: entry.path, bytes: 0 });
  }
  return items;
}

/**
 * Folders holding no file anywhere below them, topmost first: the repo folder itself when it is
 * hollow, else hollow folders inside refs/ (kept itself: the JS client's scan needs it), inside
 * revision folders (a revision folder is kept even when empty), and `.no_exist`/`trees`.
 */
async function emptyFolders(repoPath: string): Promise<string[]> {
  if (await isHollow(repoPath)) return [repoPath];
  const found: string[] = [];
  found.push(...(await hollowChildren(join(repoPath, 'refs'))));
  for (const revision of await readdirSafe(join(repoPath, 'snapshots'))) {
    if (revision.isDirectory()) found.push(...(await hollowChildren(join(repoPath, 'snapshots', revision.name))));
  }
  for (const folder of ['.no_exist', 'trees']) {
    const path = join(repoPath, folder);
    if (!(await lstatSafe(path))?.isDirectory()) continue;
    if (await isHollow(path)) found.push(path);
    else found.push(...(await hollowChildren(path)));
  }
  return found;
}

async function hollowChildren(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdirSafe(dir)) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (await isHollow(path)) found.push(path);
    else found.push(...(await hollowChildren(path)));
  }
  return found;
}

async function isHollow(dir: string): Promise<boolean> {
  for await (const _entry of walkFiles(dir)) return false;
  return true;
}

export interface PruneReport {
  readonly freedBytes: number;
  readonly removed: Readonly<Record<PruneItemKind, number>>;
}

/**
 * Carries out a prune plan. Each item is checked again first: a blob a snapshot started using,
 * or a file touched since the plan (a download resumed), stays. Folders left empty by the
 * removals go too, up to the repo folder, which goes when nothing at all is left in it.
 */
export async function executePrune(plan: PrunePlan, options: { signal?: AbortSignal } = {}): Promise<PruneReport> {
  const removed: Record<PruneItemKind, number> = { 'unreferenced-blob': 0, incomplete: 0, temp: 0, lock: 0, 'dangling-ref': 0, 'ref-newline': 0, 'empty-folder': 0 };
  let freedBytes = 0;
  const inUse = new Map<string, Set<string>>();
  const touchedRepos = new Set<string>();
  for (const item of plan.items) {
    options.signal?.throwIfAborted();
    const stats = await lstatSafe(item.path);
    if (!stats) continue;
    const [repoFolder, folder, revision] = relative(plan.cacheDir, item.path).split(sep);
    const repoPath = join(plan.cacheDir, repoFolder ?? '');
    if (item.stamp !== undefined && Math.max(stats.mtimeMs, stats.ctimeMs) !== item.stamp) continue;
    if (item.kind === 'unreferenced-blob') {
      const used = inUse.get(repoPath) ?? (await snapshotInodes(repoPath));
      inUse.set(repoPath, used);
      const target = await stat(item.path).catch(() => stats);
      if (used.has(inodeKey(target))) continue;
    }
    if (item.kind === 'ref-newline') {
      await writeAtomic(item.path, (await readFile(item.path, 'utf8')).trim());
    } else if (item.kind === 'empty-folder') {
      if (!(await isHollow(item.path))) continue;
      await rm(item.path, { recursive: true, force: true });
    } else {
      await rm(item.path, { force: true });
    }
    removed[item.kind]++;
    freedBytes += item.bytes;
    if (repoFolder === '.locks') continue;
    touchedRepos.add(repoPath);
    if (item.kind !== 'empty-folder' && folder !== undefined) {
      const keep = folder === 'snapshots' && revision !== undefined ? join(repoPath, folder, revision) : join(repoPath, folder);
      await removeEmptyParents(dirname(item.path), keep);
    }
  }
  for (const repoPath of touchedRepos) {
    if ((await lstatSafe(repoPath)) && (await isHollow(repoPath))) await rm(repoPath, { recursive: true, force: true });
  }
  await removeEmptyLockFolders(join(plan.cacheDir, '.locks'));
  return { freedBytes, removed };
}


async function removeEmptyLockFolders(locksDir: string): Promise<void> {
  for (const entry of await readdirSafe(locksDir)) {
    if (entry.isDirectory()) await rmdir(join(locksDir, entry.name)).catch(() => undefined);
  }
}
