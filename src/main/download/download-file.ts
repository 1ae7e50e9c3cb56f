import { copyFile, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError, isAppError } from '../../shared/errors.js';
import { checkRepoPath } from '../../shared/repo-path.js';
import { resolveUrl } from '../upstream/index.js';
import { type FetchRequest, ContentHash, hashKindOf, SMALL_FILE_MAX_BYTES } from '../transfer/index.js';
import { isCommitId, mayUseCacheAfter, offlineMiss, tokenFor, type EngineContext, type ResolvedTarget } from './download-target.js';
import { fileMetadata, type FileMetadata } from './file-metadata.js';
import { isFile, shareFile } from '../files/index.js';
import { NO_EXIST, tryLoadFromCache } from './offline-lookup.js';
import { localDownloadPaths, localIncompletePath, readLocalDownloadMetadata, writeLocalDownloadMetadata } from './local-dir-metadata.js';

export interface FileProgress {
  readonly path: string;
  /** Bytes of the file on disk so far (bytes resumed from an earlier run included). */
  readonly done: number;
  readonly total: number;
}

export type FileProgressListener = (progress: FileProgress) => void;

/** HEAD of the file's resolve URL at the target's revision. */
export function remoteFileMetadata(ctx: EngineContext, target: ResolvedTarget, path: string): Promise<FileMetadata> {
  return fileMetadata(ctx.client, resolveUrl(target.endpoint, target.type, target.repoId, target.revision, path), {
    ...(target.token === undefined ? {} : { token: target.token }),
    ...(target.signal === undefined ? {} : { signal: target.signal }),
    timeoutMs: ctx.defaults.etagTimeoutMs,
  });
}

/**
 * Python's `hf_hub_download` into the cache: a commit revision already cached costs no request;
 * otherwise HEAD (commit, etag, size), then the blob is fetched (resumed, verified) unless the
 * cache has it, linked from snapshots/<commit>/<path>, and refs/<revision> is written. A missing
 * file leaves a `.no_exist` marker; when the hub cannot be reached the cache answers if it can.
 */
export async function downloadToCache(ctx: EngineContext, target: ResolvedTarget, path: string, onProgress?: FileProgressListener): Promise<string> {
  checkRepoPath(path);
  const { layout, type, repoId, revision } = target;
  if (!target.force && isCommitId(revision)) {
    const pointer = layout.snapshotPath(type, repoId, revision, path);
    if (isFile(pointer)) return pointer;
  }
  if (target.offline) return fromCacheOrThrow(target, path, offlineMiss(target, path));

  let metadata: FileMetadata;
  try {
    metadata = await remoteFileMetadata(ctx, target, path);
  } catch (error) {
    if (isAppError(error) && error.code === 'EntryNotFound') await recordMissing(target, path, error.details.commit);
    if (!target.force && mayUseCacheAfter(error)) return fromCacheOrThrow(target, path, error);
    throw error;
  }
  await layout.ensureRoot();
  if (revision !== metadata.commit) await layout.writeRef(type, repoId, revision, metadata.commit);
  const pointer = layout.snapshotPath(type, repoId, metadata.commit, path);
  if (!target.force && isFile(pointer)) return pointer;
  await fetchIntoCache(ctx, target, path, metadata, onProgress);
  return pointer;
}

/** Fetches (or finds) blobs/<etag> and links snapshots/<commit>/<path> to it (with `link` when given). */
export async function fetchIntoCache(
  ctx: EngineContext,
  target: ResolvedTarget,
  path: string,
  metadata: FileMetadata,
  onProgress?: FileProgressListener,
  link?: (commit: string, path: string, etag: string) => Promise<void>,
): Promise<'downloaded' | 'present' | 'shared'> {
  const { layout, type, repoId } = target;
  if (await shareLocalContent(ctx, target, metadata.etag, metadata.size)) {
    if (link) await link(metadata.commit, path, metadata.etag);
    else await layout.linkSnapshot(type, repoId, metadata.commit, path, metadata.etag, { symlinks: ctx.defaults.symlinks });
    onProgress?.({ path, done: metadata.size, total: metadata.size });
    return 'shared';
  }
  // Python's lock file, for files that stream for a while; a small file is fetched whole in milliseconds and a
  // lock (a file creation, the costliest step of a small file here) would guard nothing: we never hold it.
  if (metadata.size > SMALL_FILE_MAX_BYTES) layout.touchLock(type, repoId, metadata.etag);
  const outcome = await ctx.fetcher.fetch({
    ...blobFetchRequest(target, path, metadata),
    force: target.force,
    ...(target.signal === undefined ? {} : { signal: target.signal }),
    ...(onProgress === undefined ? {} : { onProgress: (done: number, total: number) => onProgress({ path, done, total }) }),
  });
  if (link) await link(metadata.commit, path, metadata.etag);
  else await layout.linkSnapshot(type, repoId, metadata.commit, path, metadata.etag, { symlinks: ctx.defaults.symlinks });
  return outcome;
}

/**
 * Puts blobs/<etag> in place from bytes this machine holds already (the hub's blob store), shared
 * with them (a reflink, else a read-only hard link, else a copy) instead of downloaded. The store's
 * content was verified when it was stored, and is named by its hash. False when there is no such
 * content, the cache has the blob already, or the link could not be made (the caller downloads).
 */
export async function shareLocalContent(ctx: EngineContext, target: ResolvedTarget, etag: string, size: number): Promise<boolean> {
  if (target.force || ctx.localContent === undefined) return false;
  const source = ctx.localContent(etag, size);
  const { layout, type, repoId } = target;
  const blob = layout.blobPath(type, repoId, etag);
  if (source === undefined || isFile(blob)) return false;
  // Python (>= 1.18) never resumes into another writer's uniquely named .incomplete file, and a leftover is pruned.
  const temp = layout.incompletePath(type, repoId, etag);
  try {
    await mkdir(dirname(blob), { recursive: true });
    await shareFile(source, temp);
    await rename(temp, blob);
    return true;
  } catch {
    // The store's blob went meanwhile (garbage collection): download it as usual.
    await unlink(temp).catch(() => undefined);
    return false;
  }
}

/** What the fetcher needs to put a file's blob in the cache. */
export function blobFetchRequest(target: ResolvedTarget, path: string, metadata: FileMetadata): FetchRequest {
  const { layout, type, repoId } = target;
  return {
    url: metadata.location,
    token: tokenFor(target, metadata.location),
    etag: metadata.etag,
    size: metadata.size,
    targetPath: layout.blobPath(type, repoId, metadata.etag),
    newIncompletePath: () => layout.incompletePath(type, repoId, metadata.etag),
    label: `${repoId}: ${path}`,
  };
}

/**
 * Python's `hf_hub_download(local_dir=...)`: a plain file at <local_dir>/<path> plus
 * `.cache/huggingface/download/<path>.metadata`; an up-to-date file (same etag, or an unrecorded
 * LFS file whose sha256 matches) is kept, a cached blob is copied, anything else is fetched.
 */
export async function downloadToLocalDir(ctx: EngineContext, target: ResolvedTarget, path: string, onProgress?: FileProgressListener): Promise<string> {
  const localDir = target.localDir as string;
  const paths = localDownloadPaths(localDir, path);
  const recorded = await readLocalDownloadMetadata(localDir, path);
  const present = isFile(paths.filePath);
  if (!target.force && present && isCommitId(target.revision) && recorded?.commitHash === target.revision) return paths.filePath;
  if (target.offline) {
    if (present) return paths.filePath;
    throw offlineMiss(target, path);
  }
  let metadata: FileMetadata;
  try {
    metadata = await remoteFileMetadata(ctx, target, path);
  } catch (error) {
    if (!target.force && present && mayUseCacheAfter(error)) return paths.filePath;
    throw error;
  }
  await placeInLocalDir(ctx, target, path, metadata, present && !target.force, onProgress);
  return paths.filePath;
}

/** Puts one file with known metadata into a local dir (also used by snapshots, which know it from the tree). */
export async function placeInLocalDir(
  ctx: EngineContext,
  target: ResolvedTarget,
  path: string,
  metadata: FileMetadata,
  mayKeepExisting: boolean,
  onProgress?: FileProgressListener,
): Promise<'kept' | 'copied' | 'downloaded'> {
  const localDir = target.localDir as string;
  const paths = localDownloadPaths(localDir, path);
  if (mayKeepExisting) {
    const recorded = await readLocalDownloadMetadata(localDir, path);
    const unchanged =
      recorded?.etag === metadata.etag ||
      (recorded === undefined && hashKindOf(metadata.etag) === 'sha256' && (await hashesTo(paths.filePath, metadata.etag, metadata.size)));
    if (unchanged) {
      await writeLocalDownloadMetadata(localDir, path, metadata.commit, metadata.etag);
      return 'kept';
    }
  }
  if (!target.force) {
    const cached = await tryLoadFromCache(target.layout.root, target.repoId, path, { repoType: target.type, revision: metadata.commit });
    if (typeof cached === 'string' && (await stat(cached)).size === metadata.size) {
      await mkdir(dirname(paths.filePath), { recursive: true });
      const temp = `${paths.filePath}.${process.pid}.tmp`;
      await copyFile(cached, temp);
      await rename(temp, paths.filePath);
      await writeLocalDownloadMetadata(localDir, path, metadata.commit, metadata.etag);
      return 'copied';
    }
  }
  await mkdir(dirname(paths.metadataPath), { recursive: true });
  await ctx.fetcher.fetch({
    url: metadata.location,
    token: tokenFor(target, metadata.location),
    etag: metadata.etag,
    size: metadata.size,
    targetPath: paths.filePath,
    newIncompletePath: () => localIncompletePath(paths, metadata.etag),
    label: `${target.repoId}: ${path}`,
    force: true,
    ...(target.signal === undefined ? {} : { signal: target.signal }),
    ...(onProgress === undefined ? {} : { onProgress: (done: number, total: number) => onProgress({ path, done, total }) }),
  });
  await writeLocalDownloadMetadata(localDir, path, metadata.commit, metadata.etag);
  return 'downloaded';
}

async function fromCacheOrThrow(target: ResolvedTarget, path: string, error: unknown): Promise<string> {
  const cached = await tryLoadFromCache(target.layout.root, target.repoId, path, { repoType: target.type, revision: target.revision });
  if (typeof cached === 'string') return cached;
  if (cached === NO_EXIST) {
    throw new AppError('EntryNotFound', `${path} does not exist in ${target.repoId} at "${target.revision}" (recorded in the cache)`);
  }
  throw error;
}

async function recordMissing(target: ResolvedTarget, path: string, commit: string | undefined): Promise<void> {
  if (commit === undefined || !isCommitId(commit)) return;
  const { layout, type, repoId, revision } = target;
  await layout.ensureRoot();
  await layout.markNoExist(type, repoId, commit, path);
  if (revision !== commit) await layout.writeRef(type, repoId, revision, commit);
}


async function hashesTo(path: string, etag: string, size: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (info?.size !== size) return false;
  const hash = new ContentHash(etag, size);
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  try {
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  try {
    hash.verify(path);
    return true;
  } catch {
    return false;
  }
}
