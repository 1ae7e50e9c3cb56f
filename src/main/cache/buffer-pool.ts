/** Block size of downloads: bytes are gathered into fixed buffers of this size before each write. */
export const DEFAULT_BLOCK_SIZE = 1024 * 1024;

/**
 * Fixed-size buffers reused across transfers, so a download allocates a few blocks once instead
 * of a buffer per network chunk. Keeps at most `retain` idle buffers. The memory is shared, so the
 * hashing thread reads blocks in place.
 */
export class BufferPool {
  private readonly idle: Buffer[] = [];

  constructor(
    readonly blockSize = DEFAULT_BLOCK_SIZE,
    private readonly retain = 32,
  ) {}

  acquire(): Buffer {
    return this.idle.pop() ?? Buffer.from(new SharedArrayBuffer(this.blockSize));
  }

  release(buffer: Buffer): void {
    if (buffer.length === this.blockSize && this.idle.length < this.retain) this.idle.push(buffer);
  }
}
