import { AppError } from '../../shared/errors.js';
import type { BodySink } from '../upstream/index.js';
import type { BufferPool } from './buffer-pool.js';
import type { InOrderHasher } from './in-order-hasher.js';
import type { TransferRange } from './transfer-state.js';

interface Block {
  readonly buffer: Buffer;
  readonly length: number;
  readonly at: number;
  /** Settles once the hash has read the block from memory; undefined when it is hashed later, from disk. */
  readonly hashed: Promise<void> | undefined;
}

/** The partial file a transfer writes into, as its range sinks see it. */
export interface TransferFile {
  /** Writes the first `length` bytes of a pool block at `position` (directly to disk when it can). */
  writeAt(block: Buffer, length: number, position: number): Promise<void>;
  readonly hasher: InOrderHasher;
  readonly pool: BufferPool;
  /** Called with each block once it is written. */
  written(bytes: number): void;
}

/**
 * Blocks one response may hold at most before it asks the sender to pause: filled blocks wait
 * here for the disk and the hash, which run side by side. With 2 the receiving thread, the disk
 * and the hashing thread took turns (about 0.9 GB/s here); 4, 6 and 8 measured alike (1.0-1.2
 * GB/s), each 1 MiB block more adding to the peak memory (target < 100 MB).
 */
export const BLOCKS_IN_FLIGHT = 4;

/** A request that ran on past its range stopped where another connection took over. */
export class SpanEndError extends Error {
  constructor(at: number) {
    super(`the response reached byte ${at}, which another connection fetches`);
    this.name = 'SpanEndError';
  }
}

/** Gives the range that follows `range` to a response that runs on past it, or undefined to stop there. */
export type ContinueAfter = (range: TransferRange) => TransferRange | undefined;

/**
 * Receives one response into fixed blocks from the pool: the socket reads straight
 * into the block being filled (`reserve`/`commit`), or bytes are copied in (`write`). A full
 * block goes to the in-order hasher at once (when it is at the hashed frontier) and is written at
 * its offset after the blocks before it; it returns to the pool once both are done with it. While
 * BLOCKS_IN_FLIGHT blocks are out, the sender is asked to pause (copied bytes are always taken,
 * so a block more then, briefly). Each written block advances `done` of the ranges it covers. A
 * response may cover several consecutive ranges: at the end of each it asks `next` for the
 * following one, and stops (SpanEndError) when there is none.
 */
export class RangeSink implements BodySink {
  received = 0;
  /** True once the response was cut short on purpose at a range boundary. */
  stopped = false;
  /** The range the next byte belongs to. */
  current: TransferRange;
  /** Ranges this response writes into, oldest first (only the last may be unfinished). */
  private readonly owned: TransferRange[];
  private filling: Buffer | undefined;
  private fill = 0;
  private offset: number;
  /** Filled blocks waiting for the write in flight to end. */
  private readonly queued: Block[] = [];
  private writing: Promise<void> | undefined;
  /** Filled blocks not yet back in the pool (queued, being written, or being hashed). */
  private held = 0;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly file: TransferFile,
    first: TransferRange,
    private readonly expected: number,
    private readonly label: string,
    private readonly next: ContinueAfter = () => undefined,
  ) {
    this.current = first;
    this.owned = [first];
    this.filling = file.pool.acquire();
    this.offset = first.start + first.done;
  }

  reserve(): Uint8Array | undefined {
    if (this.failure || !this.filling) return undefined;
    const room = this.roomInRange();
    // At a boundary with no range to go on with, the bytes come through write(), which stops.
    if (room === 0) return undefined;
    const free = this.filling.subarray(this.fill);
    return free.length > room ? free.subarray(0, room) : free;
  }

  commit(bytes: number): boolean {
    this.count(bytes);
    this.fill += bytes;
    if (this.filling && this.fill === this.filling.length) this.handOff();
    return this.hasRoom();
  }

  write(chunk: Uint8Array): boolean {
    this.count(chunk.length);
    for (let at = 0; at < chunk.length; ) {
      const room = this.roomInRange();
      if (room === 0) {
        this.stopped = true;
        throw new SpanEndError(this.offset + this.fill);
      }
      // Copied bytes must all be taken, even when the disk is behind: a block more then.
      this.filling ??= this.file.pool.acquire();
      const n = Math.min(chunk.length - at, this.filling.length - this.fill, room);
      this.filling.set(chunk.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
      if (this.fill === this.filling.length) this.handOff();
    }
    return this.hasRoom();
  }

  drained(): Promise<void> {
    if (this.hasRoom() || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes what is left (a partial block too: those bytes are good), waits for the disk and the hash, and reports a write failure. */
  async close(): Promise<void> {
    if (this.fill > 0 && !this.failure) this.handOff();
    while (this.held > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.filling) this.file.pool.release(this.filling);
    this.filling = undefined;
    if (this.failure) throw this.failure;
  }

  private hasRoom(): boolean {
    return this.held < BLOCKS_IN_FLIGHT && this.failure === undefined;
  }

  /** Bytes the current range can still take; at its end, moves on to the next range when there is one. */
  private roomInRange(): number {
    const position = this.offset + this.fill;
    if (position < this.current.end) return this.current.end - position;
    const next = this.next(this.current);
    if (next === undefined) return 0;
    this.current = next;
    this.owned.push(next);
    return next.end - position;
  }

  private count(bytes: number): void {
    if (this.failure) throw this.failure;
    if (this.received + bytes > this.expected) throw new AppError('IntegrityError', `${this.label}: the server sent more bytes than requested`);
    this.received += bytes;
  }

  /** The filling block is full (or the response ended): hash it now if it is next in order, and write it after the blocks before it. */
  private handOff(): void {
    const buffer = this.filling as Buffer;
    const block: Block = { buffer, length: this.fill, at: this.offset, hashed: this.file.hasher.offer(buffer.subarray(0, this.fill), this.offset) };
    this.offset += this.fill;
    this.fill = 0;
    this.filling = undefined;
    this.held++;
    this.queued.push(block);
    if (!this.writing) this.writeNext();
    if (this.hasRoom()) this.filling = this.file.pool.acquire();
  }

  private writeNext(): void {
    const block = this.queued.shift();
    if (block === undefined) return;
    this.writing = this.file.writeAt(block.buffer, block.length, block.at).then(
      () => {
        this.writing = undefined;
        this.advanceRanges(block.at + block.length);
        if (!block.hashed) this.file.hasher.written(block.at, block.at + block.length);
        this.file.written(block.length);
        this.writeNext();
        this.releaseWhenHashed(block);
      },
      (error: unknown) => {
        this.writing = undefined;
        this.failure ??= error instanceof Error ? error : new Error(String(error));
        for (const queued of [block, ...this.queued.splice(0)]) this.releaseWhenHashed(queued);
      },
    );
  }

  /** The hash may still be reading the block: it goes back to the pool after that. */
  private releaseWhenHashed(block: Block): void {
    const release = (): void => {
      this.file.pool.release(block.buffer);
      this.held--;
      if (this.hasRoom()) this.filling ??= this.file.pool.acquire();
      this.wake();
    };
    if (block.hashed) void block.hashed.catch(() => undefined).then(release);
    else release();
  }
  /** Everything up to `end` is on disk (blocks are written in order): the covered ranges are done that far. */
  private advanceRanges(end: number): void {
    for (const range of this.owned) range.done = Math.max(range.done, Math.min(range.end, end) - range.start);
    for (let first = this.owned[0]; this.owned.length > 1 && first !== undefined && first.done === first.end - first.start; first = this.owned[0]) {
      this.owned.shift();
    }
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
