import { realpath, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoType } from '../../shared/repo-id.js';
import { hashFileContent } from '../store/index.js';
import { inodeKey, isEtagName, isMissing, lstatSafe, mapLimit, readdirSafe } from './cache-fs.js';
import type { CacheScan, CachedRepo } from './cache-scan.js';

export interface VerifyProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface VerifyOptions {
  /** Delete corrupt blobs and the snapshot entries using them (and broken links), so a download fetches them again. */
  readonly repair?: boolean;
  /** Blobs hashed at once; reads are already pipelined, so 1 or 2 keeps a disk busy. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: VerifyProgress) => void;
}

export interface CorruptBlob {
  readonly repoType: RepoType;
  readonly repoId: string;
  readonly blobPath: string;
  readonly algorithm: 'sha256' | 'git-sha1';
  readonly expected: string;
  readonly actual: string;
  readonly size: number;
  /** Snapshot entries showing these bytes (symlinks to the blob, or hard links of it). */
  readonly snapshotFiles: readonly string[];
  readonly repaired: boolean;
}

export interface MissingBlobFinding {
  readonly repoType: RepoType;
  readonly repoId: string;
  readonly filePath: string;
  readonly blobPath: string;
  readonly repaired: boolean;
}

export interface VerifyReport {
  readonly checkedBlobs: number;
  readonly checkedBytes: number;
  readonly corrupt: readonly CorruptBlob[];
  readonly missing: readonly MissingBlobFinding[];
  /** Real files in snapshots not linked to a named blob (symlink-less caches): nothing to check them against. */
  readonly unverifiable: readonly string[];
}

/** One file of bytes, reached through one or more repo blob entries (several with Python's shared store). */
interface BlobTask {
  /** The bytes: the blob itself, or the shared-store file its symlink leads to. */
  readonly hashPath: string;
  readonly size: number;
  readonly inode: string;
  readonly entries: { readonly repo: CachedRepo; readonly path: string; readonly name: string; readonly isLink: boolean }[];
}

/**
 * Re-hashes every blob against its name: a 64-hex name is the sha256 of the bytes (LFS files),
 * a 40-hex name their git blob SHA-1 (regular files). Also reports snapshot links whose blob is
 * gone. With `repair`, a corrupt blob and every snapshot entry showing it are deleted, and
 * broken links too, so the next download (ours or Python's) fetches the file again. Files in
 * Python's shared Xet store are hashed once, and a corrupt one is removed as well: Python would
 * otherwise link the same bad bytes again.
 */
export async function verifyCache(scan: CacheScan, options: VerifyOptions = {}): Promise<VerifyReport> {
  const byInode = new Map<string, BlobTask>();
  for (const repo of scan.repos) {
    const blobsDir = join(repo.repoPath, 'blobs');
    for (const entry of await readdirSafe(blobsDir)) {
      if (!isEtagName(entry.name)) continue;
      const path = join(blobsDir, entry.name);
      const own = await lstatSafe(path);
      const isLink = own?.isSymbolicLink() === true;
      if (!own || (!own.isFile() && !isLink)) continue;
      const stats = isLink ? await stat(path).catch(() => undefined) : own;
      if (!stats?.isFile()) continue;
      const inode = inodeKey(stats);
      const task = byInode.get(inode) ?? { hashPath: isLink ? await realpath(path) : path, size: stats.size, inode, entries: [] };
      task.entries.push({ repo, path, name: entry.name, isLink });
      byInode.set(inode, task);
    }
  }
  const tasks = [...byInode.values()];
  const covered = new Set(tasks.flatMap((task) => task.entries.map((entry) => `${entry.repo.repoPath}\0${task.inode}`)));
  const unverifiable = scan.repos.flatMap((repo) =>
    repo.revisions.flatMap((revision) => revision.files.filter((file) => file.link === 'file' && !covered.has(`${repo.repoPath}\0${file.inode}`)).map((file) => file.filePath)),
  );

  const bytesTotal = tasks.reduce((sum, task) => sum + task.size, 0);
  let filesDone = 0;
  let bytesDone = 0;
  const corrupt: CorruptBlob[] = [];
  await mapLimit(
    tasks,
    options.concurrency ?? 1,
    async (task) => {
      const needsGitOid = task.entries.some((entry) => entry.name.length === 40);
      const hashed = await hashFileContent(task.hashPath, needsGitOid ? task.size : undefined, options.signal);
      const bad = task.entries.filter((entry) => entry.name !== (entry.name.length === 40 ? hashed.gitOid : hashed.sha256));
      for (const entry of bad) {
        const actual = (entry.name.length === 40 ? hashed.gitOid : hashed.sha256) ?? '';
        corrupt.push(await handleCorrupt(task, entry, actual, options.repair === true));
      }
      if (bad.length > 0 && options.repair === true && !task.entries.some((entry) => entry.path === task.hashPath)) await unlinkQuietly(task.hashPath);
      filesDone++;
      bytesDone += task.size;
      options.onProgress?.({ filesDone, filesTotal: tasks.length, bytesDone, bytesTotal });
    },
    options.signal,
  );

  const missing: MissingBlobFinding[] = [];
  for (const repo of scan.repos) {
    for (const revision of repo.revisions) {
      for (const lost of revision.missingBlobs) {
        const repaired = options.repair === true && (await unlinkQuietly(lost.filePath));
        missing.push({ repoType: repo.repoType, repoId: repo.repoId, filePath: lost.filePath, blobPath: lost.blobPath, repaired });
      }
    }
  }
  corrupt.sort((a, b) => a.blobPath.localeCompare(b.blobPath));
  return { checkedBlobs: tasks.length, checkedBytes: bytesTotal, corrupt, missing, unverifiable };
}

async function handleCorrupt(task: BlobTask, entry: BlobTask['entries'][number], actual: string, repair: boolean): Promise<CorruptBlob> {
  const snapshotFiles = entry.repo.revisions.flatMap((revision) => revision.files.filter((file) => file.inode === task.inode).map((file) => file.filePath));
  if (repair) {
    // Links first: a reader must never find a link to a blob that is being removed.
    for (const file of snapshotFiles) await unlinkQuietly(file);
    await unlinkQuietly(entry.path);
  }
  return {
    repoType: entry.repo.repoType,
    repoId: entry.repo.repoId,
    blobPath: entry.path,
    algorithm: entry.name.length === 40 ? 'git-sha1' : 'sha256',
    expected: entry.name,
    actual,
    size: task.size,
    snapshotFiles,
    repaired: repair,
  };
}

async function unlinkQuietly(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return true;
    throw error;
  }
}
