/** Block size of downloads: bytes are gathered into fixed buffers of this size before each write. */
export const DEFAULT_BLOCK_SIZE = 1024 * 1024;

const WASM_PAGE = 64 * 1024;

/** The part of WebAssembly.Memory used here (the project's type libraries leave WebAssembly out). */
interface SharedMemory {
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
type SharedMemoryConstructor = new (descriptor: { initial: number; maximum: number; shared: true }) => SharedMemory;
const SharedMemory = (globalThis as unknown as { WebAssembly: { Memory: SharedMemoryConstructor } }).WebAssembly.Memory;
/** Blocks carved from page-aligned memory, at most (by default); more are ordinary (collectable) buffers. */
const ALIGNED_BYTES = 64 * 1024 * 1024;

/**
 * Fixed-size buffers reused across transfers, so a download allocates a few blocks once instead
 * of a buffer per network chunk. The memory is shared, so the hashing thread reads blocks in
 * place, and page-aligned, so blocks can be written with O_DIRECT (see direct-io.ts): the blocks
 * are carved from a shared WebAssembly memory, whose base the engine aligns to a page (plain
 * buffers come from malloc, 16-byte aligned). That memory only grows, so it is capped; past the
 * cap, blocks are ordinary buffers, written through the page cache, and at most `retain` of them
 * are kept idle.
 */
export class BufferPool {
  private readonly idle: Buffer[] = [];
  private readonly aligned = new WeakSet<Buffer>();
  private readonly memory: SharedMemory;
  private readonly pagesPerBlock: number;

  constructor(
    readonly blockSize = DEFAULT_BLOCK_SIZE,
    private readonly retain = 32,
    /** Page-aligned memory the pool may carve blocks from; it is never given back. */
    alignedBytes = ALIGNED_BYTES,
  ) {
    this.pagesPerBlock = Math.ceil(blockSize / WASM_PAGE);
    const maximum = Math.max(this.pagesPerBlock, Math.floor(alignedBytes / WASM_PAGE));
    this.memory = new SharedMemory({ initial: 0, maximum, shared: true });
  }

  acquire(): Buffer {
    return this.idle.pop() ?? this.allocate();
  }

  release(buffer: Buffer): void {
    if (buffer.length !== this.blockSize) return;
    // Aligned blocks cannot be given back to the system: they always return to the pool.
    if (this.aligned.has(buffer) || this.idle.length < this.retain) this.idle.push(buffer);
  }

  /** Whether the block starts on a page boundary (it came from the aligned memory). */
  isAligned(buffer: Buffer): boolean {
    return this.aligned.has(buffer);
  }

  private allocate(): Buffer {
    try {
      const at = this.memory.grow(this.pagesPerBlock) * WASM_PAGE;
      const block: Buffer = Buffer.from(this.memory.buffer, at, this.blockSize);
      this.aligned.add(block);
      return block;
    } catch {
      // The aligned memory is used up (RangeError from grow).
      return Buffer.from(new SharedArrayBuffer(this.blockSize));
    }
  }
}
