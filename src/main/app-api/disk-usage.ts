import { existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CleanupPreview, DiskRepo, DiskSharing, DiskUsage, DuplicateContent, ShareMethod } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { isRepoType } from '../../shared/repo-id.js';
import { executeDeletion, planDeletion, type DeleteSelection, type CacheScan, type CachedRepo } from '../cache/index.js';
import type { Store } from '../store/index.js';
import type { CacheScanner } from './cache-scanner.js';
import type { DiskPort } from './ports.js';

interface Copy {
  readonly repo: string;
  readonly size: number;
  /** "dev:ino": hard links and reflink-free copies are told apart by inode. */
  readonly inode: string;
}

function inodeOf(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Content stored more than once: the same blob (by sha256 or git oid) in several cached repos,
 * or in the cache and the hub's blob store, as separate files (one inode shared by hard links
 * costs nothing extra).
 */
function findDuplicates(cached: readonly CachedRepo[], store: Store): DuplicateContent[] {
  const copies = new Map<string, Copy[]>();
  for (const repo of cached) {
    const seen = new Set<string>();
    for (const revision of repo.revisions) {
      for (const file of revision.files) {
        const hash = basename(file.blobPath);
        if (seen.has(hash)) continue;
        seen.add(hash);
        copies.set(hash, [...(copies.get(hash) ?? []), { repo: `${repo.repoType}:${repo.repoId}`, size: file.size, inode: file.inode }]);
      }
    }
  }
  for (const [hash, list] of copies) {
    if (!/^[0-9a-f]{64}$/.test(hash) || !store.blobs.has(hash)) continue;
    const inode = inodeOf(store.blobs.pathOf(hash));
    if (inode !== undefined) list.push({ repo: 'this hub', size: list[0]?.size ?? 0, inode });
  }
  const duplicates: DuplicateContent[] = [];
  for (const [hash, list] of copies) {
    const inodes = new Set(list.map((copy) => copy.inode));
    if (inodes.size < 2) continue;
    const size = list[0]?.size ?? 0;
    duplicates.push({ hash, size, repos: [...new Set(list.map((copy) => copy.repo))], wastedBytes: size * (inodes.size - 1) });
  }
  return duplicates.sort((a, b) => b.wastedBytes - a.wastedBytes);
}

/** Cache files whose inode is also a file of the hub's store (the same content by hash, hard-linked): held once. */
function sharedWithStore(cached: readonly CachedRepo[], store: Store): Omit<DiskSharing, 'method'> {
  const shared = new Map<string, number>();
  for (const repo of cached) {
    for (const revision of repo.revisions) {
      for (const file of revision.files) {
        if (shared.has(file.inode) || file.nlink < 2) continue;
        const stored = store.contentFile(basename(file.blobPath), file.size);
        if (stored !== undefined && inodeOf(stored) === file.inode) shared.set(file.inode, file.size);
      }
    }
  }
  return { sharedFiles: shared.size, sharedBytes: [...shared.values()].reduce((sum, size) => sum + size, 0) };
}

/** The nearest folder of `path` that exists (the HF cache may not be created yet). */
function existingFolder(path: string): string {
  let folder = path;
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

/** "type:repo@commit" as the UI names a cached snapshot. */
function parseRevisionKey(key: string): { type: string; repoId: string; commit: string } {
  const match = /^([a-z]+):([^@]+)@([0-9a-f]{40,64})$/.exec(key);
  if (!match?.[1] || !match[2] || !match[3] || !isRepoType(match[1])) throw new AppError('BadRequest', `Invalid snapshot "${key}"`);
  return { type: match[1], repoId: match[2], commit: match[3] };
}

function selection(scan: CacheScan, keys: readonly string[]): DeleteSelection[] {
  return keys.map((key) => {
    const wanted = parseRevisionKey(key);
    const repo = scan.repos.find((candidate) => candidate.repoType === wanted.type && candidate.repoId === wanted.repoId);
    if (!repo?.revisions.some((revision) => revision.commitHash === wanted.commit)) {
      throw new AppError('NotFound', `The cache no longer holds ${wanted.repoId} @ ${wanted.commit.slice(0, 7)}; refresh the page`);
    }
    return { repoPath: repo.repoPath, commitHash: wanted.commit };
  });
}

/** Disk usage over the hub and the cache, and cleanup of cached snapshots. */
export function createDiskUsage(scanner: CacheScanner, store: Store): DiskPort {
  // What the two folders' file systems allow changes only when the cache moves: probed once per cache folder.
  const methods = new Map<string, Promise<ShareMethod>>();
  const shareMethod = (cacheDir: string): Promise<ShareMethod> => {
    const known = methods.get(cacheDir) ?? store.shareMethodWith(existingFolder(cacheDir));
    methods.set(cacheDir, known);
    return known;
  };
  return {
    async usage(): Promise<DiskUsage> {
      const cache = await scanner.status();
      const cached = await scanner.repos();
      const repos: DiskRepo[] = cached.map((repo) => ({
        source: 'cache',
        type: repo.repoType,
        id: repo.repoId,
        sizeOnDisk: repo.sizeOnDisk,
        revisions: repo.revisions.map((revision) => ({ commit: revision.commitHash, refs: revision.refs, sizeOnDisk: revision.sizeOnDisk })),
      }));
      for (const repo of store.listRepos()) {
        const refs = store.listRefs(repo.id);
        repos.push({
          source: 'hub',
          type: repo.type,
          id: repo.fullName,
          sizeOnDisk: store.repoUsage(repo.id),
          revisions: [...refs.branches, ...refs.tags].map((ref) => ({ commit: ref.commit, refs: [ref.name], sizeOnDisk: 0 })),
        });
      }
      const cacheBytes = cached.length === 0 ? 0 : (await scanner.scan()).sizeOnDisk;
      const hubBytes = repos.filter((repo) => repo.source === 'hub').reduce((sum, repo) => sum + repo.sizeOnDisk, 0);
      const shared = sharedWithStore(cached, store);
      const sharing = { method: await shareMethod(scanner.root), ...shared };
      return { totalBytes: cacheBytes + hubBytes - shared.sharedBytes, repos, duplicates: findDuplicates(cached, store), cache, sharing };
    },

    async previewCleanup(keys): Promise<CleanupPreview> {
      const scan = await scanner.scan();
      const plan = await planDeletion(scan, selection(scan, keys));
      return { freedBytes: plan.expectedFreedBytes, revisions: plan.revisions.length };
    },

    async cleanup(keys): Promise<CleanupPreview> {
      scanner.invalidate();
      const scan = await scanner.scan();
      const plan = await planDeletion(scan, selection(scan, keys));
      const report = await executeDeletion(plan);
      scanner.invalidate();
      return { freedBytes: report.freedBytes, revisions: plan.revisions.length };
    },
  };
}
