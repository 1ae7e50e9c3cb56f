import { readdirSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { checkRepoPath } from '../../shared/repo-path.js';
import { HubApi, resolveUrl, type RemoteFileEntry } from '../upstream/index.js';
import { mayUseCacheAfter, offlineMiss, tokenFor, type EngineContext, type ResolvedTarget } from './download-target.js';
import { blobFetchRequest, fetchIntoCache, placeInLocalDir, shareLocalContent, type FileProgress } from './download-file.js';
import { fileMetadata, type FileMetadata } from './file-metadata.js';
import { isFile } from '../files/index.js';
import { assertFreeSpace, runLimited, SMALL_FILE_MAX_BYTES, Backlog } from '../transfer/index.js';
import { findCachedSnapshot } from './offline-lookup.js';
import { createPathFilter, type PathFilter } from './file-patterns.js';
import { SnapshotLinker } from '../cache/index.js';
import { PIPELINE_MIN_FILES, fetchSmallFilesPipelined, writeAndLink } from './snapshot-pipeline.js';
import { etagOf, sizeOf } from './remote-entry.js';
import { treeCacheFolderForLocalDir, writeTreeCache } from './tree-cache.js';
import { datasetSplitFiles } from './dataset-splits.js';

/** Verified small files waiting for the writer thread at most (up to 1 MiB each). */
const WRITES_IN_FLIGHT = 64;

export interface SnapshotProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** The file that just made progress. */
  readonly file?: FileProgress;
}

/** Which files of the revision (patterns, then a dataset's config and split), and how many at once (default: the engine's, 8). */
export interface SnapshotSelection extends PathFilter {
  readonly config?: string | undefined;
  readonly split?: string | undefined;
  readonly maxWorkers?: number | undefined;
}

export interface SnapshotResult {
  /** snapshots/<commit> in the cache, or the local dir. */
  readonly path: string;
  readonly commit: string;
  /** Repo paths of the selected files. */
  readonly files: readonly string[];
  /** Bytes fetched from the network in this call. */
  readonly downloadedBytes: number;
  /** True when the hub could not be asked and the cached snapshot was returned. */
  readonly fromCache: boolean;
}

/**
 * Python's `snapshot_download`: resolve the revision to a commit, list the tree once (every page),
 * select files with the allow/ignore patterns, and fetch the missing ones several at a time on
 * kept-alive connections: one GET per small file, the tree's oid / LFS sha256 as the etag, so no
 * per-file HEAD. Large files get a HEAD to find their final location, then parallel ranges.
 */
export async function fetchSnapshot(
  ctx: EngineContext,
  target: ResolvedTarget,
  request: SnapshotSelection,
  onProgress?: (progress: SnapshotProgress) => void,
): Promise<SnapshotResult> {
  if (target.offline) return fromCache(target, request, offlineMiss(target, 'a snapshot'));
  const api = new HubApi(ctx.client, { endpoint: target.endpoint, ...(target.token === undefined ? {} : { token: target.token }) });
  let commit: string;
  let entries: RemoteFileEntry[];
  let listed: RemoteFileEntry[];
  try {
    const info = await api.repoInfo(target.type, target.repoId, { revision: target.revision, ...signalOf(target.signal) });
    if (info.sha === undefined) throw new AppError('UpstreamUnavailable', `The hub did not return the commit of ${target.repoId} at "${target.revision}"`);
    commit = info.sha;
    const selected = createPathFilter(request);
    listed = [];
    for await (const entry of api.listTree(target.type, target.repoId, commit, { recursive: true, ...signalOf(target.signal) })) {
      if (entry.type === 'file') listed.push(entry);
    }
    entries = listed.filter((entry) => selected(entry.path)).map((entry) => ({ ...entry, path: checkRepoPath(entry.path) }));
  } catch (error) {
    if (!target.force && mayUseCacheAfter(error)) return fromCache(target, request, error);
    throw error;
  }
  // Outside the fallback above: a config or split the dataset does not have is the caller's error, not the hub's.
  const inSplit = await datasetSelection(api, target, commit, listed, request);
  entries = entries.filter((entry) => inSplit(entry.path));

  const { layout, type, repoId } = target;
  // A snapshot folder made now holds nothing yet: no need to look for each file in it.
  let snapshotWasThere = true;
  if (target.localDir === undefined) {
    await layout.ensureRoot();
    if (target.revision !== commit) await layout.writeRef(type, repoId, target.revision, commit);
    snapshotWasThere = (await mkdir(layout.snapshotDir(type, repoId, commit), { recursive: true })) === undefined;
  }
  // The whole listing, whatever the patterns, written before any file as Python does: an
  // interrupted download then reads as incomplete offline instead of passing for a whole snapshot.
  await writeTreeCache(target.localDir === undefined ? layout.repoDir(type, repoId) : treeCacheFolderForLocalDir(target.localDir), commit, listed);

  const bytesTotal = entries.reduce((sum, entry) => sum + sizeOf(entry), 0);
  const pending = snapshotWasThere ? filesToPlace(target, commit, entries) : entries;
  const pendingBytes = pending.reduce((sum, entry) => sum + sizeOf(entry), 0);
  await assertFreeSpace(target.localDir ?? layout.repoDir(type, repoId), pendingBytes, `${repoId} (${pending.length} files)`);
  const done = new Map<string, number>();
  let bytesDone = bytesTotal - pendingBytes;
  let filesDone = entries.length - pending.length;
  let downloadedBytes = 0;
  const report = (file?: FileProgress): void => {
    onProgress?.({ filesDone, filesTotal: entries.length, bytesDone, bytesTotal, ...(file ? { file } : {}) });
  };
  const onFile = (file: FileProgress): void => {
    bytesDone += file.done - (done.get(file.path) ?? 0);
    done.set(file.path, file.done);
    report(file);
  };
  report();

  // Largest first, so a big file never starts last and runs alone.
  const ordered = [...pending].sort((a, b) => sizeOf(b) - sizeOf(a));
  const linker = new SnapshotLinker(layout, ctx.defaults.symlinks);
  const cachedBlobs = target.localDir === undefined ? blobNames(layout.blobsDir(type, repoId)) : new Set<string>();
  // Small files are written on the writer thread while the next ones download.
  const writing = new Backlog(WRITES_IN_FLIGHT);
  const workers = request.maxWorkers ?? ctx.defaults.maxWorkers;
  const finished = (entry: RemoteFileEntry, fetched: boolean, before: number): void => {
    if (fetched) downloadedBytes += sizeOf(entry) - before;
    onFile({ path: entry.path, done: sizeOf(entry), total: sizeOf(entry) });
    filesDone++;
    report();
  };
  try {
    let rest = ordered;
    const isLocal = (entry: RemoteFileEntry): boolean => ctx.localContent?.(etagOf(entry), sizeOf(entry)) !== undefined;
    const small =
      target.localDir === undefined && !target.force
        ? ordered.filter((entry) => sizeOf(entry) <= SMALL_FILE_MAX_BYTES && !cachedBlobs.has(etagOf(entry)) && !isLocal(entry))
        : [];
    if (small.length >= PIPELINE_MIN_FILES) {
      const placed = (entry: RemoteFileEntry): void => finished(entry, true, 0);
      const left = new Set(await fetchSmallFilesPipelined(ctx, target, commit, small, { connections: workers, linker, writing, placed }));
      const batched = new Set(small);
      rest = ordered.filter((entry) => !batched.has(entry) || left.has(entry));
    }
    await runLimited(rest, workers, target.signal, async (entry, signal) => {
      const before = done.get(entry.path) ?? 0;
      const placing = await placeListedFile(ctx, { ...target, signal }, commit, entry, onFile, { linker, cachedBlobs, signal });
      if (typeof placing === 'boolean') finished(entry, placing, before);
      else await writing.add(placing.written.then((fetched) => finished(entry, fetched, before)));
    });
    await writing.drain();
  } finally {
    await writing.settle();
  }

  return {
    path: target.localDir ?? layout.snapshotDir(type, repoId, commit),
    commit,
    files: entries.map((entry) => entry.path),
    downloadedBytes,
    fromCache: false,
  };
}


/** A dataset's config/split as a path test (everything passes when neither is asked); the card is read from the hub. */
async function datasetSelection(
  api: HubApi,
  target: ResolvedTarget,
  commit: string,
  listed: readonly RemoteFileEntry[],
  request: SnapshotSelection,
): Promise<(path: string) => boolean> {
  if (request.config === undefined && request.split === undefined) return () => true;
  if (target.type !== 'dataset') throw new AppError('BadRequest', `A config or split selects files of a dataset; ${target.repoId} is a ${target.type}`);
  const paths = listed.map((entry) => entry.path);
  const readme = paths.includes('README.md') ? await api.readText(target.type, target.repoId, commit, 'README.md', target.signal) : undefined;
  const chosen = new Set(datasetSplitFiles(paths, readme, request));
  return (path) => chosen.has(path);
}

/** The files that still need work: in the cache, those without a snapshot link yet; in a local dir, all (their metadata decides). */
function filesToPlace(target: ResolvedTarget, commit: string, entries: readonly RemoteFileEntry[]): RemoteFileEntry[] {
  if (target.force || target.localDir !== undefined) return [...entries];
  const { layout, type, repoId } = target;
  return entries.filter((entry) => !isFile(layout.snapshotPath(type, repoId, commit, entry.path)));
}

/** What every file of one snapshot call shares. */
interface SnapshotRun {
  readonly linker: SnapshotLinker;
  /** Names in blobs/ when the call started (one listing instead of a probe per file). */
  readonly cachedBlobs: ReadonlySet<string>;
  readonly signal: AbortSignal;
}

/** Bytes fetched and verified, still being written. */
interface Writing {
  /** Resolves true (bytes were fetched) once the file is in place. */
  readonly written: Promise<boolean>;
}

/** Puts one listed file in place, or starts writing it; true when bytes were fetched. */
async function placeListedFile(
  ctx: EngineContext,
  target: ResolvedTarget,
  commit: string,
  entry: RemoteFileEntry,
  onFile: (file: FileProgress) => void,
  run: SnapshotRun,
): Promise<boolean | Writing> {
  const { layout, type, repoId } = target;
  const etag = etagOf(entry);
  const size = sizeOf(entry);
  let metadata: FileMetadata = { commit, etag, size, location: resolveUrl(target.endpoint, type, repoId, commit, entry.path) };
  if (target.localDir === undefined && size <= SMALL_FILE_MAX_BYTES) return placeSmallFile(ctx, target, metadata, entry.path, run);
  const large = size >= ctx.fetcher.tuning.persistMinSize;
  // Content the hub's store holds is shared into the cache: no HEAD, no download.
  const blobCached = large && target.localDir === undefined && !target.force && (isFile(layout.blobPath(type, repoId, etag)) || ctx.localContent?.(etag, size) !== undefined);
  if (large && !blobCached) {
    // One HEAD for a large file: its chunks then go straight to the final location (CDN) without a redirect each.
    const head = await fileMetadata(ctx.client, metadata.location, {
      ...(target.token === undefined ? {} : { token: tokenFor(target, metadata.location) }),
      ...signalOf(target.signal),
      timeoutMs: ctx.defaults.etagTimeoutMs,
    });
    if (head.etag !== etag || head.size !== size) {
      throw new AppError('UpstreamUnavailable', `${repoId}: ${entry.path}: the tree lists etag ${etag} (${size} bytes) but the file answers ${head.etag} (${head.size} bytes)`);
    }
    metadata = { ...metadata, location: head.location };
  }
  if (target.localDir !== undefined) {
    const outcome = await placeInLocalDir(ctx, target, entry.path, metadata, !target.force && isFile(join(target.localDir, ...entry.path.split('/'))), onFile);
    return outcome === 'downloaded';
  }
  const link = (at: string, path: string, blob: string): Promise<void> => run.linker.linkNew(type, repoId, at, path, blob);
  return (await fetchIntoCache(ctx, target, entry.path, metadata, onFile, link)) === 'downloaded';
}

/** A small file into the cache: fetched unless its blob is there, then written and linked on the writer thread. */
async function placeSmallFile(
  ctx: EngineContext,
  target: ResolvedTarget,
  metadata: FileMetadata,
  path: string,
  { linker, cachedBlobs, signal }: SnapshotRun,
): Promise<boolean | Writing> {
  const { type, repoId } = target;
  const request = { ...blobFetchRequest(target, path, metadata), signal };
  if ((!target.force && cachedBlobs.has(metadata.etag) && isFile(request.targetPath)) || (await shareLocalContent(ctx, target, metadata.etag, metadata.size))) {
    await linker.linkNew(type, repoId, metadata.commit, path, metadata.etag);
    return false;
  }
  const body = await ctx.fetcher.receiveSmall(request);
  const written = writeAndLink(ctx, target, request, body, path, metadata, linker).then(() => true);
  return { written };
}

async function fromCache(target: ResolvedTarget, request: SnapshotSelection, error: unknown): Promise<SnapshotResult> {
  // A split's files are known from the hub's listing and card only.
  if (request.config !== undefined || request.split !== undefined) throw error;
  if (target.localDir !== undefined) {
    if (!(await isDir(target.localDir))) throw error;
    return { path: target.localDir, commit: '', files: await listFiles(target.localDir, target.localDir, request), downloadedBytes: 0, fromCache: true };
  }
  const cached = await findCachedSnapshot(target.layout.root, target.repoId, { repoType: target.type, revision: target.revision });
  if (!cached) throw error;
  return { path: cached.path, commit: cached.commit, files: await listFiles(cached.path, cached.path, request), downloadedBytes: 0, fromCache: true };
}

async function listFiles(root: string, dir: string, filter: PathFilter): Promise<string[]> {
  const selected = createPathFilter(filter);
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.cache' || dir !== root) out.push(...(await listFiles(root, full, filter)));
    } else {
      const path = relative(root, full).split(sep).join('/');
      if (selected(path)) out.push(path);
    }
  }
  return out.sort();
}


function blobNames(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function signalOf(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}
