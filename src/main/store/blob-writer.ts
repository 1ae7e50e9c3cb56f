import { unlink } from 'node:fs/promises';
import { objectHeader } from '../../shared/git-objects.js';
import { BufferPool, DirectFile, HashThread, type ThreadHash } from '../transfer/index.js';

/** Size of the buffers bytes are gathered into before a write: large reads/writes run ~3x faster than 64 KiB. */
export const IO_CHUNK = 4 * 1024 * 1024;

export interface WrittenContent {
  readonly sha256: string;
  readonly size: number;
  /** Git blob SHA-1 of the content, when it was asked for. */
  readonly gitOid?: string;
}

export interface BlobWriterOptions {
  /** Compute the git blob oid as well; needs the size up front because git hashes it first. */
  readonly gitOidForSize?: number;
  /** The content's size when known: a small blob is gathered in a small block. */
  readonly sizeHint?: number;
}

/** Page-aligned shared blocks for every blob being written: O_DIRECT writes, hashed in place on the hashing thread. */
const blocks = new BufferPool(IO_CHUNK, 8);
/** Largest blob known in advance to fit a small block. */
const SMALL_BLOCK = 256 * 1024;
/**
 * Blocks for small blobs (most LFS uploads of a busy hub are small files). Each writer holds a
 * block from its start, so 4 MiB blocks for them made memory follow the peak of concurrent uploads:
 * the soak benchmark's 16-64 KiB uploads took the aligned memory to its 64 MiB cap and 32 MiB of
 * idle blocks beside it, RSS growing each time a new peak came.
 */
const smallBlocks = new BufferPool(SMALL_BLOCK, 16, 8 * 1024 * 1024);
/** sha256 (and the git SHA-1) run here, off the thread that receives the bytes. */
const hashThread = new HashThread();
/** Full blocks one writer hands to the disk and the hash before it waits for the oldest. */
const BLOCKS_IN_FLIGHT = 4;

/**
 * Writes a blob to a temp file in large blocks while it is hashed: each full block is written
 * around the page cache where the file system allows it (see DirectFile) and hashed on the hashing
 * thread, side by side, while the next block fills. The final fsync then has almost nothing left
 * to flush; buffered writes made an upload wait for the kernel's writeback (about 380 MB/s here).
 */
export class BlobWriter {
  private readonly sha256: ThreadHash;
  private readonly sha1: ThreadHash | undefined;
  private pending: Buffer;
  private fill = 0;
  private written = 0;
  /** Blocks being written and hashed, oldest first. */
  private readonly inFlight: Array<Promise<void>> = [];
  private closed = false;

  private constructor(
    private readonly file: DirectFile,
    readonly tempPath: string,
    private readonly pool: BufferPool,
    options: BlobWriterOptions,
  ) {
    this.pending = pool.acquire();
    this.sha256 = hashThread.start('sha256');
    this.sha1 = options.gitOidForSize === undefined ? undefined : hashThread.start('sha1', objectHeader('blob', options.gitOidForSize));
  }

  static async create(tempPath: string, options: BlobWriterOptions = {}): Promise<BlobWriter> {
    const pool = options.sizeHint !== undefined && options.sizeHint <= SMALL_BLOCK ? smallBlocks : blocks;
    return new BlobWriter(await DirectFile.open(tempPath, pool, true), tempPath, pool, options);
  }

  get size(): number {
    return this.written + this.fill;
  }

  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, this.pool.blockSize - this.fill);
      this.pending.set(chunk.subarray(offset, offset + n), this.fill);
      this.fill += n;
      offset += n;
      if (this.fill === this.pool.blockSize) await this.flush();
    }
  }

  /** Flushes, fsyncs and returns the content's hashes; the caller moves or removes the temp file. */
  async finish(): Promise<WrittenContent> {
    await this.flush();
    await Promise.all(this.inFlight);
    await this.file.sync();
    const sha256 = await this.sha256.digest();
    const gitOid = await this.sha1?.digest();
    await this.close();
    const result: WrittenContent = { sha256, size: this.written };
    return gitOid === undefined ? result : { ...result, gitOid };
  }

  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    this.sha256.drop();
    this.sha1?.drop();
    await this.close();
    await unlink(this.tempPath).catch(() => undefined);
  }

  /** Hands the filled block to the disk and the hash, waiting first when too many are out. */
  private async flush(): Promise<void> {
    if (this.fill === 0) return;
    if (this.inFlight.length >= BLOCKS_IN_FLIGHT) await this.inFlight.shift();
    const block = this.pending;
    const length = this.fill;
    const position = this.written;
    this.written += length;
    this.fill = 0;
    this.pending = this.pool.acquire();
    const content = block.subarray(0, length);
    const hashed = Promise.all([this.sha256.update(content), this.sha1?.update(content)]);
    const done = Promise.all([this.file.writeAt(block, length, position), hashed]).then(() => undefined);
    // The block goes back to the pool once neither the disk nor the hash reads it any more.
    void Promise.allSettled([done, hashed]).then(() => this.pool.release(block));
    done.catch(() => undefined);
    this.inFlight.push(done);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
    this.pool.release(this.pending);
  }
}
