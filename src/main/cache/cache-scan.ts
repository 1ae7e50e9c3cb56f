import type { Stats } from 'node:fs';
import { readFile, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { isRepoType, type RepoType } from '../../shared/repo-id.js';
import { FILES_TO_IGNORE, SHARED_BLOBS_DIR, inodeKey, isMissing, isSharedBlobStore, isTempName, lstatSafe, readdirSafe, sharedStorePayloads, walkFiles } from './cache-fs.js';
import { splitRepoFolderName } from './cache-layout.js';

/** One file of a snapshot: a symlink into blobs/, or a real file where symlinks were not allowed. */
export interface CachedFileInfo {
  /** The path inside the repo, "/"-separated ("sub/w.bin"). */
  readonly name: string;
  /** The entry in snapshots/<commit>/. */
  readonly filePath: string;
  /** Where the bytes are: the symlink's resolved target, or the file itself. */
  readonly blobPath: string;
  /** "dev:ino" of the bytes: one key per copy on disk, shared by hard links and symlinks. */
  readonly inode: string;
  /** Hard links to the bytes, anywhere on the file system (more than ours means deleting frees nothing). */
  readonly nlink: number;
  readonly size: number;
  readonly lastAccessedMs: number;
  readonly lastModifiedMs: number;
  readonly link: 'symlink' | 'file';
}

/** A snapshot symlink whose blob is gone ("Blob missing (broken symlink)" in Python). */
export interface MissingBlob {
  readonly name: string;
  readonly filePath: string;
  readonly blobPath: string;
}

export interface CachedRevision {
  /** The snapshot folder's name: the commit (Python), or a file's last commit (the JS client). */
  readonly commitHash: string;
  readonly snapshotPath: string;
  /** Ref names pointing here ("main", "refs/pr/1"), sorted. */
  readonly refs: readonly string[];
  readonly files: readonly CachedFileInfo[];
  readonly nbFiles: number;
  /** Bytes of its distinct blobs. */
  readonly sizeOnDisk: number;
  readonly lastModifiedMs: number;
  /** Latest access to any of its blobs (what LRU eviction orders by). */
  readonly lastAccessedMs: number;
  readonly missingBlobs: readonly MissingBlob[];
}

export interface IncompleteFile {
  readonly path: string;
  readonly repoPath: string;
  readonly size: number;
  readonly lastModifiedMs: number;
}

export interface CachedRepo {
  readonly repoType: RepoType;
  readonly repoId: string;
  readonly repoPath: string;
  /**
   * Bytes of the distinct blobs its snapshots use (unreferenced blobs and .incomplete files
   * excluded, as in Python). Files in Python's shared Xet store count in every repo using them.
   */
  readonly sizeOnDisk: number;
  /** Distinct blobs its snapshots use. */
  readonly nbFiles: number;
  readonly lastAccessedMs: number;
  readonly lastModifiedMs: number;
  /** Newest first. */
  readonly revisions: readonly CachedRevision[];
  /** Refs whose commit has no snapshot folder. */
  readonly danglingRefs: readonly { readonly ref: string; readonly commit: string }[];
  readonly incompleteFiles: readonly IncompleteFile[];
  /**
   * What Python's scan_cache_dir would refuse this repo for. Python drops such a repo from its
   * report; we list it (with what could be read) so that it can be repaired or deleted.
   */
  readonly problems: readonly string[];
}

export interface CacheWarning {
  readonly path: string;
  readonly message: string;
}

export interface CacheScan {
  readonly cacheDir: string;
  /** Sorted by type, then id. */
  readonly repos: readonly CachedRepo[];
  /** Bytes on disk, each file once (repos sharing a file through Python's shared store count it once). */
  readonly sizeOnDisk: number;
  readonly incompleteFiles: readonly IncompleteFile[];
  /** Python's CorruptedCacheException messages, one per finding. */
  readonly warnings: readonly CacheWarning[];
}

export interface ScanOptions {
  readonly signal?: AbortSignal;
}

/**
 * Reads an HF cache the way Python's `scan_cache_dir` does and reports the same things (repos,
 * revisions, refs, sizes counted once per blob, incomplete files, warnings). Also reads caches
 * written by the JS client (snapshot folders named by a file's last commit, no refs) and caches
 * without symlinks (real files in snapshots/).
 */
export async function scanCacheDir(cacheDir: string, options: ScanOptions = {}): Promise<CacheScan> {
  const root = resolve(cacheDir);
  const rootStats = await lstatSafe(root);
  if (!rootStats) throw new AppError('NotFound', `Cache folder ${root} does not exist`);
  if (!rootStats.isDirectory()) throw new AppError('BadRequest', `Cache path ${root} is a file, not a folder`);

  const repos: CachedRepo[] = [];
  const warnings: CacheWarning[] = [];
  for (const entry of await readdirSafe(root)) {
    options.signal?.throwIfAborted();
    if (entry.name === '.locks' || FILES_TO_IGNORE.has(entry.name)) continue;
    const repoPath = join(root, entry.name);
    if (entry.name === SHARED_BLOBS_DIR && (await isSharedBlobStore(repoPath))) continue;
    const warn = (message: string): void => void warnings.push({ path: repoPath, message });
    if (!entry.isDirectory()) {
      warn(`Repo path is not a directory: ${repoPath}`);
      continue;
    }
    const parsed = splitRepoFolderName(entry.name);
    if (!parsed) {
      warn(`Repo path is not a valid HuggingFace cache directory: ${repoPath}`);
      continue;
    }
    if (!isRepoType(parsed.type)) {
      warn(`Repo type must be \`dataset\`, \`model\` or \`space\`, found \`${parsed.type}\` (${repoPath}).`);
      continue;
    }
    const repo = await scanRepo(repoPath, parsed.type, parsed.repoId, options.signal);
    for (const message of repo.problems) warnings.push({ path: repoPath, message });
    repos.push(repo);
  }
  repos.sort((a, b) => a.repoType.localeCompare(b.repoType) || a.repoId.localeCompare(b.repoId));
  return {
    cacheDir: root,
    repos,
    sizeOnDisk: await physicalSize(root, repos),
    incompleteFiles: repos.flatMap((repo) => repo.incompleteFiles),
    warnings,
  };
}

/** Scans one repo folder (`models--org--name`). */
export async function scanRepo(repoPath: string, repoType: RepoType, repoId: string, signal?: AbortSignal): Promise<CachedRepo> {
  const problems: string[] = [];
  const snapshotsPath = join(repoPath, 'snapshots');
  const refsPath = join(repoPath, 'refs');

  const refsByCommit = await readRefs(refsPath, problems, signal);
  const blobs = new Map<string, Stats>();
  const revisions: CachedRevision[] = [];
  const snapshotsStats = await lstatSafe(snapshotsPath);
  if (!snapshotsStats?.isDirectory()) {
    problems.push(`Snapshots dir doesn't exist in cached repo: ${snapshotsPath}`);
  } else {
    for (const entry of await readdirSafe(snapshotsPath)) {
      if (FILES_TO_IGNORE.has(entry.name)) continue;
      const snapshotPath = join(snapshotsPath, entry.name);
      if (!entry.isDirectory()) {
        problems.push(`Snapshots folder corrupted. Found a file: ${snapshotPath}`);
        continue;
      }
      const revision = await scanRevision(snapshotPath, entry.name, refsByCommit.get(entry.name) ?? [], blobs, signal);
      refsByCommit.delete(entry.name);
      for (const missing of revision.missingBlobs) problems.push(`Blob missing (broken symlink): ${missing.blobPath}`);
      revisions.push(revision);
    }
  }
  const danglingRefs = [...refsByCommit].flatMap(([commit, refs]) => refs.map((ref) => ({ ref, commit })));
  if (danglingRefs.length > 0) {
    const byCommit = Object.fromEntries([...refsByCommit].map(([commit, refs]) => [commit, refs]));
    problems.push(`Reference(s) refer to missing commit hashes: ${JSON.stringify(byCommit)} (${repoPath}).`);
  }

  let lastAccessedMs: number;
  let lastModifiedMs: number;
  if (blobs.size > 0) {
    lastAccessedMs = Math.max(...[...blobs.values()].map((s) => s.atimeMs));
    lastModifiedMs = Math.max(...[...blobs.values()].map((s) => s.mtimeMs));
  } else {
    const own = await stat(repoPath);
    lastAccessedMs = own.atimeMs;
    lastModifiedMs = own.mtimeMs;
  }
  revisions.sort((a, b) => b.lastModifiedMs - a.lastModifiedMs || a.commitHash.localeCompare(b.commitHash));
  return {
    repoType,
    repoId,
    repoPath,
    sizeOnDisk: [...blobs.values()].reduce((sum, s) => sum + s.size, 0),
    nbFiles: blobs.size,
    lastAccessedMs,
    lastModifiedMs,
    revisions,
    danglingRefs,
    incompleteFiles: await listIncomplete(repoPath),
    problems,
  };
}

/**
 * What the cache holds on disk: each file once even when several repos link to it (Python's
 * shared Xet store), plus shared payloads no repo uses any more, as Python ≥ 2.0 counts it.
 */
async function physicalSize(cacheDir: string, repos: readonly CachedRepo[]): Promise<number> {
  const sizes = new Map<string, number>();
  for (const repo of repos) for (const revision of repo.revisions) for (const file of revision.files) sizes.set(file.inode, file.size);
  for (const payload of await sharedStorePayloads(cacheDir)) sizes.set(inodeKey(payload.stats), payload.stats.size);
  return [...sizes.values()].reduce((sum, size) => sum + size, 0);
}

/** refs/** read raw, as Python reads them: a ref with a trailing newline points at no snapshot. */
async function readRefs(refsPath: string, problems: string[], signal?: AbortSignal): Promise<Map<string, string[]>> {
  const byCommit = new Map<string, string[]>();
  const refsStats = await lstatSafe(refsPath);
  if (!refsStats) return byCommit;
  if (!refsStats.isDirectory()) {
    problems.push(`Refs directory cannot be a file: ${refsPath}`);
    return byCommit;
  }
  for await (const entry of walkFiles(refsPath, signal)) {
    const base = entry.name.slice(entry.name.lastIndexOf('/') + 1);
    if (FILES_TO_IGNORE.has(base) || isTempName(base)) continue;
    const commit = await readFile(entry.path, 'utf8');
    byCommit.set(commit, [...(byCommit.get(commit) ?? []), entry.name]);
  }
  for (const refs of byCommit.values()) refs.sort();
  return byCommit;
}

async function scanRevision(
  snapshotPath: string,
  commitHash: string,
  refs: readonly string[],
  repoBlobs: Map<string, Stats>,
  signal?: AbortSignal,
): Promise<CachedRevision> {
  const files: CachedFileInfo[] = [];
  const missingBlobs: MissingBlob[] = [];
  for await (const entry of walkFiles(snapshotPath, signal)) {
    if (isTempName(entry.name)) continue;
    const isLink = entry.dirent.isSymbolicLink();
    let blobPath: string;
    let blobStats: Stats;
    try {
      blobPath = isLink ? await realpath(entry.path) : entry.path;
      blobStats = await stat(blobPath);
    } catch (error) {
      if (!isMissing(error) || !isLink) throw error;
      const target = await readlink(entry.path);
      missingBlobs.push({ name: entry.name, filePath: entry.path, blobPath: resolve(dirname(entry.path), target) });
      continue;
    }
    // A symlink to a folder: Python's glob would descend into it; such links are not ours.
    if (blobStats.isDirectory()) continue;
    const inode = inodeKey(blobStats);
    if (!repoBlobs.has(inode)) repoBlobs.set(inode, blobStats);
    files.push({
      name: entry.name,
      filePath: entry.path,
      blobPath,
      inode,
      nlink: blobStats.nlink,
      size: blobStats.size,
      lastAccessedMs: blobStats.atimeMs,
      lastModifiedMs: blobStats.mtimeMs,
      link: isLink ? 'symlink' : 'file',
    });
  }
  const distinct = new Map(files.map((file) => [file.inode, file]));
  const own = files.length > 0 ? undefined : await stat(snapshotPath);
  files.sort((a, b) => a.name.localeCompare(b.name));
  return {
    commitHash,
    snapshotPath,
    refs,
    files,
    nbFiles: files.length,
    sizeOnDisk: [...distinct.values()].reduce((sum, file) => sum + file.size, 0),
    lastModifiedMs: own ? own.mtimeMs : Math.max(...files.map((file) => file.lastModifiedMs)),
    lastAccessedMs: own ? own.atimeMs : Math.max(...files.map((file) => file.lastAccessedMs)),
    missingBlobs,
  };
}

/** `blobs/*.incomplete`: in-flight or abandoned downloads (Python, JS and ours). */
async function listIncomplete(repoPath: string): Promise<IncompleteFile[]> {
  const found: IncompleteFile[] = [];
  const blobsPath = join(repoPath, 'blobs');
  for (const entry of await readdirSafe(blobsPath)) {
    if (!entry.name.endsWith('.incomplete') || !entry.isFile()) continue;
    const path = join(blobsPath, entry.name);
    const stats = await lstatSafe(path);
    if (stats) found.push({ path, repoPath, size: stats.size, lastModifiedMs: stats.mtimeMs });
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}
