import type { FileHandle } from 'node:fs/promises';
import type { BufferPool } from './buffer-pool.js';
import type { ContentHash } from './content-hash.js';

/**
 * Hashes a file that is written out of order (parallel ranged chunks, or a resumed download)
 * in byte order while it is being written. A block that arrives exactly at the hashed frontier is
 * hashed from memory as it passes; every other block is hashed later by reading it back once the
 * frontier reaches it (from the page cache, since it was just written), so the whole file is
 * verified when the last byte lands, without a second pass over it.
 */
export class InOrderHasher {
  private hashed = 0;
  /** Written but not yet hashed: disjoint [start, end) ranges, sorted, all at or after `hashed`. */
  private readonly pending: Array<[number, number]> = [];
  private reading: Promise<void> | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly hash: ContentHash,
    private readonly handle: FileHandle,
    private readonly pool: BufferPool,
  ) {}

  get position(): number {
    return this.hashed;
  }

  /** Offers a block about to be written at `offset`; true when it was hashed now (then it needs no `written` call). */
  offer(block: Uint8Array, offset: number): boolean {
    if (this.reading !== undefined || offset !== this.hashed) return false;
    this.hash.update(block);
    this.hashed += block.length;
    this.pump();
    return true;
  }

  /** Records bytes now on disk that were not hashed when offered (or were written before a resume). */
  written(start: number, end: number): void {
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
      if (this.failure !== undefined) throw this.failure;
      this.pump();
      if (!this.reading) return this.hashed;
    }
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
    const buffers: [Buffer, Buffer] = [this.pool.acquire(), this.pool.acquire()];
    let turn: 0 | 1 = 0;
    let position = this.hashed;
    const readAt = (buffer: Buffer): Promise<{ buffer: Buffer; length: number; bytesRead: number }> | undefined => {
      const length = Math.min(buffer.length, this.contiguousEnd() - position);
      if (length <= 0) return undefined;
      const at = position;
      position += length;
      return this.handle.read(buffer, 0, length, at).then(({ bytesRead }) => ({ buffer, length, bytesRead }));
    };
    let reading = readAt(buffers[turn]);
    try {
      while (reading) {
        const { buffer, length, bytesRead } = await reading;
        if (bytesRead !== length) throw new Error(`The partial download is shorter than recorded (offset ${this.hashed + bytesRead})`);
        turn = turn === 0 ? 1 : 0;
        reading = readAt(buffers[turn]);
        this.hash.update(buffer.subarray(0, bytesRead));
        this.advance(bytesRead);
      }
    } finally {
      await reading?.catch(() => undefined);
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
