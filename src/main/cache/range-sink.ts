import { AppError } from '../../shared/errors.js';
import type { BodySink } from '../upstream/index.js';
import type { TransferFile } from './ranged-transfer.js';
import type { TransferRange } from './transfer-state.js';

interface Block {
  readonly buffer: Buffer;
  readonly length: number;
  readonly at: number;
}

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
 * block is written at its offset while the next one fills; when that one is full too before the
 * disk is done, the sender is asked to pause. So a connection holds two blocks (one more, briefly,
 * when a copied chunk straddles them). Each written
 * block advances `done` of the ranges it covers and is offered to the in-order hasher. A response
 * may cover several consecutive ranges: at the end of each it asks `next` for the following one,
 * and stops (SpanEndError) when there is none.
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
  private readonly queued: Block[] = [];
  private writing: Promise<void> | undefined;
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
    return this.queued.length === 0;
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
    return this.queued.length === 0;
  }

  drained(): Promise<void> {
    if (this.queued.length === 0 || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes what is left (a partial block too: those bytes are good), waits for the disk, and reports a write failure. */
  async close(): Promise<void> {
    if (this.fill > 0 && !this.failure) this.handOff();
    while (this.writing) await this.writing;
    if (this.filling) this.file.pool.release(this.filling);
    this.filling = undefined;
    if (this.failure) throw this.failure;
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

  /** The filling block is done: write it now, or park it until the write in flight ends. */
  private handOff(): void {
    const block: Block = { buffer: this.filling as Buffer, length: this.fill, at: this.offset };
    this.offset += this.fill;
    this.fill = 0;
    this.filling = undefined;
    if (this.writing) {
      this.queued.push(block);
      return;
    }
    this.start(block);
    this.filling = this.file.pool.acquire();
  }

  private start(block: Block): void {
    this.writing = this.writeBlock(block).then(
      () => {
        this.file.pool.release(block.buffer);
        this.writing = undefined;
        const next = this.queued.shift();
        if (next) this.start(next);
        if (this.queued.length === 0) {
          this.filling ??= this.file.pool.acquire();
          this.wake();
        }
      },
      (error: unknown) => {
        this.file.pool.release(block.buffer);
        this.writing = undefined;
        this.failure = error instanceof Error ? error : new Error(String(error));
        for (const queued of this.queued.splice(0)) this.file.pool.release(queued.buffer);
        this.wake();
      },
    );
  }

  private async writeBlock(block: Block): Promise<void> {
    const data = block.buffer.subarray(0, block.length);
    const hashing = this.file.hasher.offer(data, block.at);
    try {
      await this.file.writeAt(block.buffer, block.length, block.at);
    } finally {
      // The block goes back to the pool after this: the hash must be done reading it.
      await hashing?.catch(() => undefined);
    }
    this.advanceRanges(block.at + block.length);
    if (!hashing) this.file.hasher.written(block.at, block.at + block.length);
    this.file.written(block.length);
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
