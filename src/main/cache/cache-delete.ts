import type { Stats } from 'node:fs';
import { rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { isRepoType, type RepoType } from '../../shared/repo-id.js';
import { inodeKey, isMissing, lstatSafe, readdirSafe, removeEmptyParents, snapshotInodes, walkFiles } from './cache-fs.js';
import type { CacheScan, CachedRepo, CachedRevision } from './cache-scan.js';

/** A whole repo (no commitHash) or one of its revisions, by snapshot folder name. */
export interface DeleteSelection {
  readonly repoPath: string;
  readonly commitHash?: string;
}

export type DeleteItemKind = 'repo' | 'ref' | 'snapshot' | 'blob' | 'marker' | 'lock';

export interface DeleteItem {
  readonly kind: DeleteItemKind;
  readonly path: string;
  /** The repo folder the item belongs to. */
  readonly repoPath: string;
  /** Bytes this removal gives back: a blob still hard-linked elsewhere gives none. */
  readonly bytes: number;
}

export interface DeletePlan {
  readonly cacheDir: string;
  /** Exactly what `executeDeletion` will remove, in that order, if nothing changes meanwhile. */
  readonly items: readonly DeleteItem[];
  readonly expectedFreedBytes: number;
  /** The revisions going away, for display. */
  readonly revisions: readonly { readonly repoType: RepoType; readonly repoId: string; readonly commitHash: string; readonly refs: readonly string[] }[];
  /** Repos removed as a whole (asked for, or every revision asked for). */
  readonly repos: readonly { readonly repoType: RepoType; readonly repoId: string; readonly repoPath: string }[];
}

export interface DeleteReport {
  readonly freedBytes: number;
  readonly removed: Readonly<Record<DeleteItemKind, number>>;
  /** Blobs left in place because a snapshot made after the plan uses them. */
  readonly keptBlobs: readonly string[];
}

/**
 * Works out what deleting these repos/revisions removes and how many bytes come back, without
 * touching anything: snapshot folders, refs pointing at them, blobs no remaining snapshot uses,
 * and the `.no_exist`/`trees`/`extracted` entries of the commit. Deleting every revision of a repo deletes
 * the repo folder (with its .incomplete files and unreferenced blobs), as Python does.
 */
export async function planDeletion(scan: CacheScan, selection: readonly DeleteSelection[]): Promise<DeletePlan> {
  const byRepo = new Map<string, Set<string> | 'all'>();
  for (const pick of selection) {
    const current = byRepo.get(pick.repoPath);
    if (pick.commitHash === undefined || current === 'all') {
      byRepo.set(pick.repoPath, 'all');
    } else {
      byRepo.set(pick.repoPath, (current ?? new Set<string>()).add(pick.commitHash));
    }
  }
  const items: DeleteItem[] = [];
  const revisions: DeletePlan['revisions'][number][] = [];
  const repos: DeletePlan['repos'][number][] = [];
  for (const [repoPath, picked] of byRepo) {
    const repo = scan.repos.find((candidate) => candidate.repoPath === repoPath);
    if (!repo) throw new AppError('NotFound', `${repoPath} is not a repo of the cache ${scan.cacheDir}`);
    const chosen = picked === 'all' ? repo.revisions : repo.revisions.filter((revision) => picked.has(revision.commitHash));
    if (picked !== 'all') {
      const unknown = [...picked].filter((commit) => !repo.revisions.some((revision) => revision.commitHash === commit));
      if (unknown.length > 0) throw new AppError('RevisionNotFound', `${repo.repoId} has no cached revision ${unknown.join(', ')}`);
    }
    for (const revision of chosen) revisions.push({ repoType: repo.repoType, repoId: repo.repoId, commitHash: revision.commitHash, refs: revision.refs });
    if (picked === 'all' || chosen.length === repo.revisions.length) {
      repos.push({ repoType: repo.repoType, repoId: repo.repoId, repoPath });
      items.push(...(await planRepoRemoval(scan.cacheDir, repo)));
    } else {
      items.push(...(await planRevisionsRemoval(repo, chosen)));
    }
  }
  const order: DeleteItemKind[] = ['ref', 'snapshot', 'marker', 'blob', 'repo', 'lock'];
  items.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { cacheDir: scan.cacheDir, items, expectedFreedBytes: items.reduce((sum, item) => sum + item.bytes, 0), revisions, repos };
}

async function planRepoRemoval(cacheDir: string, repo: CachedRepo): Promise<DeleteItem[]> {
  const inodes = new Map<string, { stats: Stats; links: number }>();
  for await (const entry of walkFiles(repo.repoPath)) {
    const stats = await lstatSafe(entry.path);
    if (!stats?.isFile()) continue;
    const key = inodeKey(stats);
    const seen = inodes.get(key);
    inodes.set(key, { stats, links: (seen?.links ?? 0) + 1 });
  }
  let bytes = 0;
  for (const { stats, links } of inodes.values()) if (links >= stats.nlink) bytes += stats.size;
  const items: DeleteItem[] = [{ kind: 'repo', path: repo.repoPath, repoPath: repo.repoPath, bytes }];
  const locks = join(cacheDir, '.locks', basename(repo.repoPath));
  if (await lstatSafe(locks)) items.push({ kind: 'lock', path: locks, repoPath: repo.repoPath, bytes: 0 });
  return items;
}

async function planRevisionsRemoval(repo: CachedRepo, chosen: readonly CachedRevision[]): Promise<DeleteItem[]> {
  const chosenSet = new Set(chosen);
  const kept = new Set(repo.revisions.filter((revision) => !chosenSet.has(revision)).flatMap((revision) => revision.files.map((file) => file.inode)));
  // Every link to a freed inode that goes away, to tell whether the bytes really come back.
  const freed = new Map<string, { size: number; nlink: number; links: number }>();
  const count = (inode: string, size: number, nlink: number): void => {
    const seen = freed.get(inode);
    freed.set(inode, { size, nlink, links: (seen?.links ?? 0) + 1 });
  };
  for (const revision of chosen) {
    for (const file of revision.files) {
      if (kept.has(file.inode)) continue;
      if (file.link === 'file') count(file.inode, file.size, file.nlink);
      else if (!freed.has(file.inode)) freed.set(file.inode, { size: file.size, nlink: file.nlink, links: 0 });
    }
  }
  // A blob is a regular file, or (Python's shared Xet store) a symlink to one outside the repo:
  // the symlink goes, the shared file stays for Python to collect under its lock.
  const blobItems: { path: string; inode: string | undefined }[] = [];
  const blobsDir = join(repo.repoPath, 'blobs');
  for (const entry of await readdirSafe(blobsDir)) {
    const path = join(blobsDir, entry.name);
    const own = await lstatSafe(path);
    if (own?.isSymbolicLink()) {
      const target = await stat(path).catch(() => undefined);
      if (target && freed.has(inodeKey(target))) blobItems.push({ path, inode: undefined });
      continue;
    }
    if (!own?.isFile()) continue;
    const inode = inodeKey(own);
    const info = freed.get(inode);
    if (!info) continue;
    count(inode, info.size, info.nlink);
    blobItems.push({ path, inode });
  }
  const bytesOf = (inode: string): number => {
    const info = freed.get(inode);
    return info && info.links >= info.nlink ? info.size : 0;
  };

  const repoPath = repo.repoPath;
  const items: DeleteItem[] = [];
  const credited = new Set<string>();
  const credit = (inode: string): number => {
    if (credited.has(inode)) return 0;
    credited.add(inode);
    return bytesOf(inode);
  };
  for (const blob of blobItems) items.push({ kind: 'blob', path: blob.path, repoPath, bytes: blob.inode === undefined ? 0 : credit(blob.inode) });
  for (const revision of chosen) {
    let bytes = 0;
    for (const file of revision.files) if (file.link === 'file' && !kept.has(file.inode)) bytes += credit(file.inode);
    items.push({ kind: 'snapshot', path: revision.snapshotPath, repoPath, bytes });
    for (const ref of revision.refs) {
      const path = join(repoPath, 'refs', ...ref.split('/'));
      items.push({ kind: 'ref', path, repoPath, bytes: await ownBytes(path) });
    }
    const derived = [join(repoPath, '.no_exist', revision.commitHash), join(repoPath, 'trees', `${revision.commitHash}.json`), join(repoPath, 'extracted', revision.commitHash)];
    for (const marker of derived) {
      if (await lstatSafe(marker)) items.push({ kind: 'marker', path: marker, repoPath, bytes: await ownBytes(marker) });
    }
  }
  return items;
}

/** Bytes of the files at or below `path` that have no other hard link. */
async function ownBytes(path: string): Promise<number> {
  const stats = await lstatSafe(path);
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.isFile() && stats.nlink <= 1 ? stats.size : 0;
  let bytes = 0;
  for await (const entry of walkFiles(path)) bytes += await ownBytes(entry.path);
  return bytes;
}

/**
 * Carries out a plan: refs first (so no reader follows a ref into a vanishing snapshot), then
 * snapshots, markers, blobs and whole repos. Just before blobs go, the repo's snapshots are read
 * again, and a blob that a newer snapshot links to stays.
 */
export async function executeDeletion(plan: DeletePlan, options: { signal?: AbortSignal } = {}): Promise<DeleteReport> {
  const removed: Record<DeleteItemKind, number> = { repo: 0, ref: 0, snapshot: 0, blob: 0, marker: 0, lock: 0 };
  const keptBlobs: string[] = [];
  const inUse = new Map<string, Set<string>>();
  let freedBytes = 0;
  for (const item of plan.items) {
    options.signal?.throwIfAborted();
    if (item.kind === 'blob') {
      let used = inUse.get(item.repoPath);
      if (!used) {
        used = await snapshotInodes(item.repoPath);
        inUse.set(item.repoPath, used);
      }
      const stats = await stat(item.path).catch(() => lstatSafe(item.path));
      if (!stats) continue;
      if (used.has(inodeKey(stats))) {
        keptBlobs.push(item.path);
        continue;
      }
    }
    const existed = await remove(item);
    if (!existed) continue;
    removed[item.kind]++;
    freedBytes += item.bytes;
    if (item.kind === 'ref') await removeEmptyParents(dirname(item.path), join(item.repoPath, 'refs'));
  }
  return { freedBytes, removed, keptBlobs };
}

async function remove(item: DeleteItem): Promise<boolean> {
  if (!(await lstatSafe(item.path))) return false;
  if (item.kind === 'ref' || item.kind === 'blob') {
    await unlink(item.path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  } else {
    await rm(item.path, { recursive: true, force: true });
  }
  return true;
}


/**
 * Turns command-line targets into a selection: a repo (`org/name`, `datasets/org/name`,
 * `dataset/org/name` or the folder name `datasets--org--name`), a revision of one
 * (`org/name@<commit or ref>`), or a bare commit hash found in any repo, as `hf cache rm` takes.
 */
export function selectTargets(scan: CacheScan, targets: readonly string[], defaultType: RepoType = 'model'): DeleteSelection[] {
  const selection: DeleteSelection[] = [];
  const unknown: string[] = [];
  for (const target of targets) {
    if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(target)) {
      const matches = scan.repos.filter((repo) => repo.revisions.some((revision) => revision.commitHash === target));
      if (matches.length === 0) unknown.push(target);
      for (const repo of matches) selection.push({ repoPath: repo.repoPath, commitHash: target });
      continue;
    }
    const at = target.indexOf('@');
    const repoPart = at < 0 ? target : target.slice(0, at);
    const revision = at < 0 ? undefined : target.slice(at + 1);
    const repo = findRepo(scan, repoPart, defaultType);
    if (!repo) {
      unknown.push(target);
      continue;
    }
    if (revision === undefined) {
      selection.push({ repoPath: repo.repoPath });
      continue;
    }
    const found = repo.revisions.find((candidate) => candidate.commitHash === revision || candidate.refs.includes(revision));
    if (!found) unknown.push(target);
    else selection.push({ repoPath: repo.repoPath, commitHash: found.commitHash });
  }
  if (unknown.length > 0) throw new AppError('NotFound', `Not in the cache ${scan.cacheDir}: ${unknown.join(', ')}`);
  return selection;
}

function findRepo(scan: CacheScan, spec: string, defaultType: RepoType): CachedRepo | undefined {
  const byFolder = scan.repos.find((repo) => basename(repo.repoPath) === spec);
  if (byFolder) return byFolder;
  const parts = spec.split('/');
  let type = defaultType;
  const head = parts[0] ?? '';
  const singular = head.endsWith('s') ? head.slice(0, -1) : head;
  if (parts.length > 1 && isRepoType(singular)) {
    type = singular;
    parts.shift();
  }
  const repoId = parts.join('/');
  return scan.repos.find((repo) => repo.repoType === type && repo.repoId === repoId);
}
