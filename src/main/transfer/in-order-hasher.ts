import type { BufferPool } from './buffer-pool.js';
import type { TransferHash } from './content-hash.js';

/**
 * Hashes a file that is written out of order (parallel ranged chunks, or a resumed download)
 * in byte order while it is being written. A block that arrives exactly at the hashed frontier is
 * hashed from memory as it passes; every other block is hashed later by reading it back once the
 * frontier reaches it (from the page cache, since it was just written), so the whole file is
 * verified when the last byte lands, without a second pass over it. The hash itself may run on
 * another thread: blocks are handed over in order, and each is free again once hashed.
 */
/** Where written bytes are read back from (a FileHandle, or the transfer's direct-or-cached reader). */
export interface ReadBack {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
}

export class InOrderHasher {
  private hashed = 0;
  /** Written but not yet hashed: disjoint [start, end) ranges, sorted, all at or after `hashed`. */
  private readonly pending: Array<[number, number]> = [];
  private reading: Promise<void> | undefined;
  private failure: Error | undefined;
  /** The last block handed to the hash; blocks are hashed in order, so this settles last. */
  private lastUpdate: Promise<void> = Promise.resolve();

  /** `from`: bytes before it are hashed already (a resumed hash state). */
  constructor(
    private readonly hash: TransferHash,
    private readonly file: ReadBack,
    private readonly pool: BufferPool,
    from = 0,
  ) {
    this.hashed = from;
  }

  get position(): number {
    return this.hashed;
  }

  /**
   * Offers a block about to be written at `offset`. When it is at the frontier it is hashed from
   * memory: the result settles once the block's memory may be reused, and the block needs no
   * `written` call. Otherwise the result is undefined.
   */
  offer(block: Uint8Array, offset: number): Promise<void> | undefined {
    if (this.reading !== undefined || offset !== this.hashed) return undefined;
    const hashed = this.update(block);
    this.hashed += block.length;
    this.pump();
    return hashed;
  }

  /** Records bytes now on disk that were not hashed when offered (or were written before a resume). */
  written(from: number, end: number): void {
    // Bytes below the frontier were hashed from memory already (a block written again after a retry).
    const start = Math.max(from, this.hashed);
    if (end <= start) return;
    let i = this.pending.length;
    while (i > 0 && (this.pending[i - 1] as [number, number])[0] > start) i--;
    this.pending.splice(i, 0, [start, end]);
    this.pump();
  }

  /** Waits until everything written has been hashed; returns how many bytes were hashed in order. */
  async finish(): Promise<number> {
    for (;;) {
      if (this.reading) await this.reading;
      await this.lastUpdate;
      if (this.failure !== undefined) throw this.failure;
      this.pump();
      if (!this.reading) return this.hashed;
    }
  }

  private update(block: Uint8Array): Promise<void> {
    const hashed = this.hash.update(block);
    this.lastUpdate = hashed.catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    });
    return hashed;
  }

  private pump(): void {
    if (this.reading || this.failure !== undefined || this.pending[0]?.[0] !== this.hashed) return;
    this.reading = this.catchUp()
      .catch((error: unknown) => {
        this.failure = error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        this.reading = undefined;
        this.pump();
      });
  }

  /** Reads written bytes from the frontier on, the next read running while the current one is hashed. */
  private async catchUp(): Promise<void> {
    const buffers = [this.pool.acquire(), this.pool.acquire()] as const;
    const hashing: [Promise<void>, Promise<void>] = [Promise.resolve(), Promise.resolve()];
    let turn: 0 | 1 = 0;
    let position = this.hashed;
    const readAt = async (index: 0 | 1): Promise<{ buffer: Buffer; length: number; bytesRead: number } | undefined> => {
      const length = Math.min(buffers[index].length, this.contiguousEnd() - position);
      if (length <= 0) return undefined;
      const at = position;
      position += length;
      await hashing[index];
      const { bytesRead } = await this.file.read(buffers[index], 0, length, at);
      return { buffer: buffers[index], length, bytesRead };
    };
    let reading = readAt(turn);
    try {
      for (let read = await reading; read !== undefined; read = await reading) {
        const { buffer, length, bytesRead } = read;
        if (bytesRead !== length) throw new Error(`The partial download is shorter than recorded (offset ${this.hashed + bytesRead})`);
        hashing[turn] = this.update(buffer.subarray(0, bytesRead));
        this.advance(bytesRead);
        turn = turn === 0 ? 1 : 0;
        reading = readAt(turn);
      }
    } finally {
      await reading.catch(() => undefined);
      await Promise.all(hashing.map((hashed) => hashed.catch(() => undefined)));
      this.pool.release(buffers[0]);
      this.pool.release(buffers[1]);
    }
  }

  /** Where the written bytes that follow the frontier without a gap end. */
  private contiguousEnd(): number {
    let end = this.hashed;
    for (const [start, stop] of this.pending) {
      if (start > end) break;
      end = Math.max(end, stop);
    }
    return end;
  }

  private advance(bytes: number): void {
    this.hashed += bytes;
    while (this.pending[0] !== undefined && this.pending[0][1] <= this.hashed) this.pending.shift();
    if (this.pending[0] !== undefined && this.pending[0][0] < this.hashed) this.pending[0][0] = this.hashed;
  }
}
