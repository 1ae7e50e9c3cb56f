import { AppError } from '../../shared/errors.js';
import type { ResponseHead, UpstreamClient } from '../upstream/index.js';
import type { BufferPool } from './buffer-pool.js';
import { THREAD_HASH_MIN_SIZE, transferHash } from './content-hash.js';
import { contiguousDone, type HashCheckpoint, type HashCheckpoints } from './hash-checkpoints.js';
import { HashThread } from './hash-thread.js';
import { InOrderHasher } from './in-order-hasher.js';
import { DirectFile } from './direct-file.js';
import { RangeQueue } from './range-queue.js';
import { RangeSink, type TransferFile } from './range-sink.js';
import { PrematureEndError, withTransferRetries } from './transfer-retry.js';
import type { TransferRange } from './transfer-state.js';

export interface TransferOptions {
  readonly client: UpstreamClient;
  readonly url: string;
  /** Sent to the URL's host only (the client drops it on cross-host redirects). */
  readonly token: string | undefined;
  readonly etag: string;
  readonly size: number;
  /** The partial file; created if missing, existing bytes are kept per `ranges`. */
  readonly path: string;
  /** What to fetch; `done` grows in place as bytes land on disk. */
  readonly ranges: TransferRange[];
  /** Ranges fetched at once at most, each on its own kept-alive connection. */
  readonly connections: number;
  /**
   * Bytes per second at which one connection is enough: the transfer starts with one and opens
   * the others only while it brings less (default FAST_STREAM_BYTES_PER_SECOND; 0 opens all at once).
   */
  readonly fastStream?: number;
  readonly pool: BufferPool;
  /** Hashes large files off the receiving thread (inline when absent). */
  readonly hashThread?: HashThread;
  /** Where a resumed transfer's hash goes on from (its bytes are not hashed again); ignored where the state cannot be restored. */
  readonly resumeHash?: HashCheckpoint;
  /** Collects resumable hash states as the transfer goes (see HashCheckpoints). */
  readonly checkpoints?: HashCheckpoints;
  readonly signal: AbortSignal;
  /** Called after each block is on disk. */
  readonly onWritten?: (bytes: number) => void;
  /** Attempts of a range in a row that bring no new bytes before giving up (default 5). */
  readonly retries?: number;
  /** Names the file in messages ("org/name: path"). */
  readonly label: string;
}

/** The server ignored a Range request: the caller restarts with one sequential stream. */
export class RangeNotSupportedError extends Error {
  constructor(url: string) {
    super(`${url} does not support ranged requests`);
    this.name = 'RangeNotSupportedError';
  }
}

/** A single connection this fast is kept alone (see rampUp). */
export const FAST_STREAM_BYTES_PER_SECOND = 200 * 1000 * 1000;
/** How often the single connection's rate is checked. */
const RATE_WINDOW_MS = 500;

/** A resumed hash at most this far behind the bytes on disk catches up before new bytes are fetched. */
const CATCH_UP_FIRST_BYTES = 256 * 1024 * 1024;

/** Writeback is started every this many bytes, so the final fsync only has the tail left to flush. */
const SYNC_EVERY = 32 * 1024 * 1024;

/** What the ranges of one file share while they are fetched. */
/**
 * Fetches every missing byte of `ranges` into the partial file, one range at a time or several
 * at once (see rampUp), writing each block at its offset, and hashes the file in order while it arrives. Resolves only when
 * the whole file hashes to the etag and is fsynced; throws IntegrityError otherwise. A dropped
 * connection resumes its range from the last byte on disk. Writeback runs during the transfer
 * (a datasync every 32 MiB, which also makes hash checkpoints resumable) so that the disk works while the network does.
 */
export async function transferFile(options: TransferOptions): Promise<void> {
  const partial = await DirectFile.open(options.path, options.pool);
  const controller = new AbortController();
  const forward = (): void => controller.abort(options.signal.reason);
  if (options.signal.aborted) forward();
  options.signal.addEventListener('abort', forward, { once: true });
  const resume = canResumeHash(options) ? options.resumeHash : undefined;
  const hash = transferHash(options.etag, options.size, options.hashThread, resume?.state);
  const hasher = new InOrderHasher(hash, partial, options.pool, resume?.position ?? 0);
  let unsynced = 0;
  let received = 0;
  let syncing: Promise<void> | undefined;
  let syncFailure: Error | undefined;
  const file: TransferFile = {
    writeAt: (block, length, position) => partial.writeAt(block, length, position),
    hasher,
    pool: options.pool,
    written: (bytes) => {
      options.onWritten?.(bytes);
      received += bytes;
      unsynced += bytes;
      if (unsynced < SYNC_EVERY || syncing) return;
      unsynced = 0;
      const onDisk = contiguousDone(options.ranges);
      void options.checkpoints?.take(hash, hasher.position);
      syncing = partial
        .datasync()
        .then(() => options.checkpoints?.synced(onDisk))
        .catch((error: unknown) => {
          syncFailure ??= error instanceof Error ? error : new Error(String(error));
        })
        .finally(() => {
          syncing = undefined;
        });
    },
  };
  try {
    for (const range of options.ranges) hasher.written(range.start, range.start + range.done);
    // A resumed hash just behind the bytes on disk hashes them first: blocks arriving meanwhile
    // would land ahead of its frontier and have to be read back from disk.
    if (resume && contiguousDone(options.ranges) - hasher.position <= CATCH_UP_FIRST_BYTES) await hasher.finish();
    const queue = new RangeQueue(options.ranges);
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      for (let range = queue.take(); range !== undefined && !failure; range = queue.take()) {
        try {
          await fetchRange(options, file, queue, range, controller.signal);
        } catch (error) {
          failure ??= { error };
          controller.abort(error);
        }
      }
    };
    const workers: Array<Promise<void>> = [];
    const openConnections = (count: number): void => {
      while (workers.length < count && queue.length > 0) {
        queue.connections++;
        workers.push(worker());
      }
    };
    const ramp = rampUp(options, () => received, () => openConnections(options.connections));
    openConnections(ramp === undefined ? options.connections : 1);
    try {
      for (let waited = 0; waited < workers.length; ) {
        waited = workers.length;
        await Promise.all(workers);
      }
    } finally {
      if (ramp !== undefined) clearInterval(ramp);
    }
    if (failure) {
      await hasher.finish().catch(() => undefined);
      throw options.signal.aborted ? options.signal.reason : failure.error;
    }
    const hashed = await hasher.finish();
    if (hashed !== options.size) throw new Error(`${options.label}: ${hashed} of ${options.size} bytes were hashed in order`);
    await hash.verify(options.label);
    await syncing;
    if (syncFailure !== undefined) throw syncFailure;
    await partial.sync();
  } finally {
    hash.drop();
    options.signal.removeEventListener('abort', forward);
    await syncing;
    await partial.close();
  }
}

function canResumeHash(options: TransferOptions): boolean {
  return options.resumeHash !== undefined && options.hashThread !== undefined && options.size >= THREAD_HASH_MIN_SIZE && HashThread.resumable;
}

/**
 * One connection first; the others only when it brings less than `fastStream` bytes a second. A
 * CDN caps each connection (20-50 MB/s), so more connections multiply the speed there; a hub on
 * this machine or the LAN gives one connection all it has, and there more connections would only
 * cost CPU: bytes that arrive ahead of the hashed frontier are read back from disk to be hashed.
 * Returns the timer that watches the rate, undefined when all connections open at once.
 */
function rampUp(options: TransferOptions, received: () => number, openAll: () => void): NodeJS.Timeout | undefined {
  const fastStream = options.fastStream ?? FAST_STREAM_BYTES_PER_SECOND;
  if (options.connections <= 1 || fastStream <= 0) return undefined;
  let before = received();
  const timer = setInterval(() => {
    const rate = ((received() - before) * 1000) / RATE_WINDOW_MS;
    before = received();
    if (rate >= fastStream) return;
    clearInterval(timer);
    openAll();
  }, RATE_WINDOW_MS);
  return timer;
}

/** Fetches `first` (and, while alone, the ranges after it) with retries that resume from the last byte on disk. */
function fetchRange(options: TransferOptions, file: TransferFile, queue: RangeQueue, first: TransferRange, signal: AbortSignal): Promise<void> {
  const at: Position = { range: first };
  const attempt = async (): Promise<boolean> => {
    if (!isDone(at.range)) await fetchOnce(options, file, queue, at, signal);
    return isDone(at.range);
  };
  return withTransferRetries(attempt, () => at.range.start + at.range.done, { retries: options.retries ?? 5, signal, label: options.label });
}

/** The range a connection is in: a response may move on to later ranges, and a retry goes on from there. */
interface Position {
  range: TransferRange;
}

function isDone(range: TransferRange): boolean {
  return range.done >= range.end - range.start;
}

/** One request for the rest of `at.range` (and the untouched ranges after it, while alone); leaves `at` where it ended. */
async function fetchOnce(options: TransferOptions, file: TransferFile, queue: RangeQueue, at: Position, signal: AbortSignal): Promise<void> {
  const from = at.range.start + at.range.done;
  const end = queue.spanEnd(at.range);
  const whole = from === 0 && end === options.size;
  const expected = end - from;
  let sink: RangeSink | undefined;
  try {
    await options.client.download(
      options.url,
      { token: options.token, signal, headers: whole ? {} : { range: `bytes=${from}-${end - 1}` } },
      (head) => {
        checkHead(options, head, from, whole);
        sink = new RangeSink(file, at.range, expected, options.label, (after) => queue.continueAfter(after, end));
        return sink;
      },
    );
  } catch (error) {
    // A response stopped on purpose where other connections took over has done its part.
    if (!sink?.stopped) throw error;
  } finally {
    // Bytes that arrived before a failure are good bytes: keep them for the retry or the resume.
    if (sink) at.range = sink.current;
    await sink?.close();
  }
  if (sink && !sink.stopped && sink.received < expected) throw new PrematureEndError(sink.received, expected);
}

function checkHead(options: TransferOptions, head: ResponseHead, from: number, whole: boolean): void {
  if (head.status === 206) {
    const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(head.header('content-range') ?? '');
    if (!match || Number(match[1]) !== from) throw new RangeNotSupportedError(options.url);
    if (match[3] !== '*' && Number(match[3]) !== options.size) {
      throw new AppError('IntegrityError', `${options.label}: the file on the hub is now ${match[3]} bytes, expected ${options.size}`);
    }
    return;
  }
  if (head.status === 200 && whole) return;
  if (head.status === 200) throw new RangeNotSupportedError(options.url);
  throw new AppError('UpstreamUnavailable', `${options.label}: unexpected status ${head.status} for a download`);
}
