import { mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError, isAppError } from '../../shared/errors.js';
import type { UpstreamClient } from '../upstream/index.js';
import { BufferPool } from './buffer-pool.js';
import { fileSize, isFile, syncPath } from '../files/index.js';
import { FileWriterThread } from './file-writer-thread.js';
import { HashThread } from './hash-thread.js';
import { NODE_PLACE_FS, placeError, placeFile, type PlaceJob } from './place-file.js';
import { HashCheckpoints, contiguousDone } from './hash-checkpoints.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { assertFreeSpace } from './free-space.js';
import { FAST_STREAM_BYTES_PER_SECOND, RangeNotSupportedError, transferFile } from './ranged-transfer.js';
import { SMALL_FILE_MAX_BYTES, receiveSmallFile } from './small-file-fetch.js';
import { canTakeOver, newOwnerId } from './transfer-owner.js';
import type { TransferRange, TransferStateStore } from './transfer-state.js';

export interface FetchTuning {
  /** Connections (parallel ranged requests) per large file. */
  readonly connections: number;
  /** Bytes per ranged request when a file is fetched in parallel. */
  readonly chunkSize: number;
  /** Files at least this large record their progress so they resume after a restart. */
  readonly persistMinSize: number;
  /** One connection bringing this many bytes a second is kept alone; 0 opens `connections` at once. */
  readonly fastStream: number;
}

/**
 * Measured with bench/download.bench.ts on the 2-core dev machine: through a server that caps
 * each connection at 20 MB/s, 8 connections fetch 6.9x faster than one; on loopback, where the
 * client is CPU-bound, one connection is fastest (no bytes to read back for the in-order hash), so
 * the others open only when the first brings under 200 MB/s. 16 MiB ranges keep the tail short
 * (0.8 s at 20 MB/s) and what a kill loses small. Files under 8 MiB restart instead of resuming:
 * they take milliseconds.
 */
export const DEFAULT_FETCH_TUNING: FetchTuning = {
  connections: 8,
  chunkSize: 16 * 1024 * 1024,
  persistMinSize: 8 * 1024 * 1024,
  fastStream: FAST_STREAM_BYTES_PER_SECOND,
};

export interface BlobFetcherOptions extends Partial<FetchTuning> {
  readonly client: UpstreamClient;
  readonly store?: TransferStateStore;
  readonly pool?: BufferPool;
  readonly now?: () => number;
}

export interface FetchRequest {
  readonly url: string;
  readonly token: string | undefined;
  /** sha256 or git blob SHA-1 the bytes must hash to. */
  readonly etag: string;
  readonly size: number;
  /** Where the verified file goes (a blob in the cache, or a file in a local dir). */
  readonly targetPath: string;
  /** A fresh partial-file name next to the target (`<etag>.<8hex>.incomplete` in blobs/). */
  readonly newIncompletePath: () => string;
  readonly label: string;
  /** Fetch even when the target exists. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  /** Bytes of this file on disk so far (resumed bytes included), and its size. */
  readonly onProgress?: (done: number, total: number) => void;
}

interface SharedTransfer {
  readonly promise: Promise<void>;
  readonly controller: AbortController;
  readonly listeners: Set<(done: number, total: number) => void>;
  waiters: number;
  done: number;
}

interface PreparedTransfer {
  readonly recordId: number | undefined;
  readonly incompletePath: string;
  ranges: TransferRange[];
  /** The saved hash of a resumed transfer's first bytes, and the ones saved as it goes. */
  readonly checkpoints: HashCheckpoints;
}

const SAVE_EVERY_MS = 100;
const HEARTBEAT_MS = 5000;

/**
 * Puts one verified file at its target path: resumes a recorded partial download or starts one,
 * fetches large files as parallel ranges, verifies the bytes, fsyncs and renames. Concurrent
 * requests for the same target in this process share one transfer. A verification failure is
 * retried once from scratch; nothing unverified ever reaches the target path.
 */
export class BlobFetcher {
  readonly tuning: FetchTuning;
  private readonly inFlight = new Map<string, SharedTransfer>();
  private readonly pool: BufferPool;
  private readonly hashThread = new HashThread();
  private readonly writer = new FileWriterThread();
  private readonly owner = newOwnerId();
  private readonly now: () => number;
  private readonly madeDirs = new Set<string>();

  constructor(private readonly options: BlobFetcherOptions) {
    this.tuning = {
      connections: options.connections ?? DEFAULT_FETCH_TUNING.connections,
      chunkSize: options.chunkSize ?? DEFAULT_FETCH_TUNING.chunkSize,
      persistMinSize: options.persistMinSize ?? DEFAULT_FETCH_TUNING.persistMinSize,
      fastStream: options.fastStream ?? DEFAULT_FETCH_TUNING.fastStream,
    };
    this.pool = options.pool ?? new BufferPool();
    this.now = options.now ?? Date.now;
  }

  async fetch(request: FetchRequest): Promise<'downloaded' | 'present'> {
    request.signal?.throwIfAborted();
    if (!request.force && isFile(request.targetPath)) return 'present';
    let shared = this.inFlight.get(request.targetPath);
    if (shared?.controller.signal.aborted) {
      // Everyone waiting on it gave up: let it wind down, then start afresh (it resumes from its bytes).
      await shared.promise.catch(() => undefined);
      shared = undefined;
    }
    if (!shared) {
      const controller = new AbortController();
      const listeners = new Set<(done: number, total: number) => void>();
      const entry: SharedTransfer = { controller, listeners, waiters: 0, done: 0, promise: Promise.resolve() };
      const run = this.run(request, controller.signal, (done) => {
        entry.done = done;
        for (const listener of listeners) listener(done, request.size);
      });
      Object.assign(entry, { promise: run.finally(() => this.inFlight.delete(request.targetPath)) });
      this.inFlight.set(request.targetPath, entry);
      shared = entry;
    }
    await this.wait(shared, request);
    return 'downloaded';
  }

  /**
   * Forgets recorded transfers that can no longer resume: their partial file is gone (pruned,
   * or the cache was moved). Returns how many were forgotten.
   */
  forgetStale(): number {
    const store = this.options.store;
    if (!store) return 0;
    let forgotten = 0;
    for (const record of store.list()) {
      if (this.inFlight.has(record.targetPath) || fileSize(record.incompletePath) !== undefined) continue;
      store.remove(record.id);
      forgotten++;
    }
    return forgotten;
  }

  /** Stops every transfer in flight and waits until each has recorded its progress for a later resume. */
  async close(): Promise<void> {
    const running = [...this.inFlight.values()];
    for (const shared of running) shared.controller.abort(new DOMException('The download engine was closed', 'AbortError'));
    await Promise.all(running.map((shared) => shared.promise.catch(() => undefined)));
    await Promise.all([this.hashThread.close(), this.writer.close()]);
  }

  /** Waits for a shared transfer; the transfer is aborted only when every waiter has given up. */
  private async wait(shared: SharedTransfer, request: FetchRequest): Promise<void> {
    const listener = request.onProgress;
    if (listener) {
      shared.listeners.add(listener);
      listener(shared.done, request.size);
    }
    shared.waiters++;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(asError(request.signal?.reason));
      request.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([shared.promise, aborted]);
    } finally {
      if (onAbort) request.signal?.removeEventListener('abort', onAbort);
      if (listener) shared.listeners.delete(listener);
      shared.waiters--;
      if (shared.waiters === 0 && request.signal?.aborted) shared.controller.abort(request.signal.reason);
      aborted.catch(() => undefined);
    }
  }

  private async run(request: FetchRequest, signal: AbortSignal, progress: (done: number) => void): Promise<void> {
    this.makeDirOnce(dirname(request.targetPath));
    if (request.size <= SMALL_FILE_MAX_BYTES) {
      await this.runSmall(request, signal, progress);
      return;
    }
    let verificationFailures = 0;
    let sequential = false;
    for (;;) {
      const prepared = await this.prepare(request, sequential);
      const resumed = prepared.ranges.reduce((sum, range) => sum + range.done, 0);
      let done = resumed;
      progress(done);
      try {
        // Small files are covered by the caller's check of the whole batch (a snapshot) or fail cleanly with ENOSPC.
        if (request.size >= this.tuning.persistMinSize) await assertFreeSpace(dirname(prepared.incompletePath), request.size - resumed, request.label);
        await this.transfer(request, prepared, signal, (bytes) => progress((done += bytes)));
        await rename(prepared.incompletePath, request.targetPath);
        if (prepared.recordId !== undefined) {
          await syncPath(dirname(request.targetPath));
          this.options.store?.remove(prepared.recordId);
        }
        return;
      } catch (error) {
        if (error instanceof RangeNotSupportedError && !sequential) {
          await this.discard(prepared);
          sequential = true;
          continue;
        }
        if (isAppError(error) && error.code === 'IntegrityError') {
          await this.discard(prepared);
          if (++verificationFailures < 2) continue;
          throw failedTwice(request, error);
        }
        if (isAppError(error) && error.code === 'InsufficientStorage' && resumed === 0) await this.discard(prepared);
        else await this.keepForResume(prepared);
        throw explainWriteError(error, request, prepared);
      }
    }
  }

  /** Where a file comes from and what it must be. */
  private source(request: FetchRequest): { client: UpstreamClient; url: string; token: string | undefined; etag: string; size: number; label: string } {
    return { client: this.options.client, url: request.url, token: request.token, etag: request.etag, size: request.size, label: request.label };
  }

  /**
   * A small file of a snapshot, fetched and verified in memory, to be written with `writeSmall`.
   * Unlike `fetch`, concurrent requests for it in this process are not merged: each writes its
   * own new file and renames it over the same verified blob.
   */
  receiveSmall(request: FetchRequest & { readonly signal: AbortSignal }): Promise<Buffer> {
    return this.receiveVerified(request, request.signal);
  }

  /**
   * Writes a verified small file (and its `link`) on the writer thread, so the downloading
   * thread goes on with the next files. Resolves true when linked, false when the link is left
   * to the caller (none asked, or it could not be made).
   */
  async writeSmall(request: FetchRequest, body: Buffer, link: PlaceJob['link']): Promise<boolean> {
    this.makeDirOnce(dirname(request.targetPath));
    const job = { data: body, incompletePath: request.newIncompletePath(), targetPath: request.targetPath };
    const failure = await this.writer.place(link === undefined ? job : { ...job, link });
    if (failure?.stage === 'write') throw explainWriteError(placeError(failure), request, undefined);
    return link !== undefined && failure === undefined;
  }

  /** A small file: fetched whole into memory and verified before it is written (see small-file-fetch.ts). */
  private async runSmall(request: FetchRequest, signal: AbortSignal, progress: (done: number) => void): Promise<void> {
    try {
      const body = await this.receiveVerified(request, signal, progress);
      const failure = placeFile({ data: body, incompletePath: request.newIncompletePath(), targetPath: request.targetPath }, NODE_PLACE_FS, this.madeDirs);
      if (failure) throw placeError(failure);
    } catch (error) {
      throw isAppError(error) && error.code === 'IntegrityError' ? error : explainWriteError(error, request, undefined);
    }
  }

  /** A small file's bytes, verified; a mismatch is fetched again once. */
  private async receiveVerified(request: FetchRequest, signal: AbortSignal, progress?: (done: number) => void): Promise<Buffer> {
    for (let verificationFailures = 0; ; ) {
      try {
        return await receiveSmallFile({ ...this.source(request), signal, ...(progress === undefined ? {} : { onBytes: progress }) });
      } catch (error) {
        if (!isAppError(error) || error.code !== 'IntegrityError') throw error;
        if (++verificationFailures >= 2) throw failedTwice(request, error);
      }
    }
  }

  private makeDirOnce(dir: string): void {
    if (this.madeDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  private async transfer(request: FetchRequest, prepared: PreparedTransfer, signal: AbortSignal, onBytes: (bytes: number) => void): Promise<void> {
    const store = this.options.store;
    const id = prepared.recordId;
    let lastSave = this.now();
    const save = (): void => {
      if (store === undefined || id === undefined) return;
      lastSave = this.now();
      store.saveProgress(id, prepared.ranges, lastSave, prepared.checkpoints.latest());
    };
    const heartbeat = id === undefined ? undefined : setInterval(save, HEARTBEAT_MS);
    heartbeat?.unref();
    try {
      await transferFile({
        ...this.source(request),
        path: prepared.incompletePath,
        ranges: prepared.ranges,
        connections: prepared.ranges.length > 1 ? this.tuning.connections : 1,
        fastStream: this.tuning.fastStream,
        pool: this.pool,
        hashThread: this.hashThread,
        resumeHash: prepared.checkpoints.latest(),
        // Only a recorded transfer can be resumed, so only its hash is snapshotted.
        checkpoints: prepared.recordId === undefined ? undefined : prepared.checkpoints,
        signal,
        onWritten: (bytes) => {
          onBytes(bytes);
          if (this.now() - lastSave >= SAVE_EVERY_MS) save();
        },
      });
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
  }

  /** Resumes this target's recorded transfer when it can, else starts a new one (recorded when large). */
  private async prepare(request: FetchRequest, sequential: boolean): Promise<PreparedTransfer> {
    const store = this.options.store;
    const plan = (): TransferRange[] => planRanges(request.size, sequential ? request.size : this.tuning.chunkSize);
    if (store === undefined || request.size < this.tuning.persistMinSize) {
      return { recordId: undefined, incompletePath: request.newIncompletePath(), ranges: plan(), checkpoints: new HashCheckpoints() };
    }
    const now = this.now();
    const record = store.find(request.targetPath);
    if (record && !canTakeOver(record, this.owner, now)) {
      // Another live process is fetching it: fetch separately rather than write into its file.
      return { recordId: undefined, incompletePath: request.newIncompletePath(), ranges: plan(), checkpoints: new HashCheckpoints() };
    }
    if (record && record.etag === request.etag && record.size === request.size && !sequential) {
      const onDisk = fileSize(record.incompletePath);
      if (onDisk !== undefined && store.claim(record.id, record.owner, this.owner, now)) {
        const ranges = record.ranges.map((range) => ({ ...range, done: Math.max(0, Math.min(range.done, onDisk - range.start)) }));
        const saved = record.hashCheckpoint;
        const checkpoints = new HashCheckpoints(saved && saved.position <= contiguousDone(ranges) ? saved : undefined);
        return { recordId: record.id, incompletePath: record.incompletePath, ranges, checkpoints };
      }
    }
    if (record && record.incompletePath !== request.targetPath) await unlink(record.incompletePath).catch(() => undefined);
    const created = store.create({ targetPath: request.targetPath, incompletePath: request.newIncompletePath(), etag: request.etag, size: request.size, ranges: plan() }, this.owner, now);
    return { recordId: created.id, incompletePath: created.incompletePath, ranges: created.ranges, checkpoints: new HashCheckpoints() };
  }

  private async discard(prepared: PreparedTransfer): Promise<void> {
    await unlink(prepared.incompletePath).catch(() => undefined);
    if (prepared.recordId !== undefined) this.options.store?.remove(prepared.recordId);
  }

  /** After an interruption: recorded transfers keep their bytes for a resume; small ones are dropped. */
  private async keepForResume(prepared: PreparedTransfer): Promise<void> {
    const store = this.options.store;
    if (prepared.recordId === undefined || store === undefined) {
      await unlink(prepared.incompletePath).catch(() => undefined);
      return;
    }
    store.saveProgress(prepared.recordId, prepared.ranges, this.now(), prepared.checkpoints.latest());
    store.release(prepared.recordId);
  }
}

/** One range for the whole file, or `chunkSize` pieces when it is larger. */
export function planRanges(size: number, chunkSize: number): TransferRange[] {
  if (size <= chunkSize || chunkSize <= 0) return [{ start: 0, end: size, done: 0 }];
  const ranges: TransferRange[] = [];
  for (let start = 0; start < size; start += chunkSize) ranges.push({ start, end: Math.min(size, start + chunkSize), done: 0 });
  return ranges;
}

function failedTwice(request: FetchRequest, error: AppError): AppError {
  return new AppError(
    'IntegrityError',
    `${request.label} failed verification twice (${error.message}); nothing was stored. The hub may be serving corrupt data.`,
    error.details,
    { cause: error },
  );
}

function explainWriteError(error: unknown, request: FetchRequest, prepared: PreparedTransfer | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    const recordId = prepared?.recordId;
    const kept = prepared === undefined || recordId === undefined ? 'nothing was kept' : `${formatBytes(prepared.ranges.reduce((sum, r) => sum + r.done, 0))} kept to resume`;
    return new AppError('InsufficientStorage', `The disk filled up while downloading ${request.label} (${kept}); free some space and try again`, {}, { cause: error });
  }
  return error;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}
