import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, readdir, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { isSha256 } from '../../shared/lfs-pointer.js';
import { BlobWriter, IO_CHUNK, type WrittenContent } from './blob-writer.js';

export interface PutOptions {
  /** Refuse the content (nothing stored) unless it hashes to this sha256. */
  readonly expectedSha256?: string;
  /** Refuse the content (nothing stored) unless it has exactly this many bytes. */
  readonly expectedSize?: number;
  /** Also compute the git blob oid (needs the size up front; taken from the file for putFile). */
  readonly gitOid?: boolean;
  readonly signal?: AbortSignal;
}

export interface StoredBlobInfo {
  readonly sha256: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Content-addressed file store: `blobs/sha256/ab/cd/<sha256>`. Bytes are written to a temp
 * file, hashed on the way, fsynced and renamed into place, so a blob file is either complete
 * and correct or absent. Identical content is stored once.
 */
export class BlobStore {
  readonly root: string;
  readonly tempDir: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'blobs', 'sha256');
    this.tempDir = join(dataDir, 'tmp');
    mkdirSync(this.root, { recursive: true });
    mkdirSync(this.tempDir, { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new AppError('BadRequest', `Invalid sha256 "${sha256}"`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  has(sha256: string): boolean {
    try {
      return statSync(this.pathOf(sha256)).isFile();
    } catch {
      return false;
    }
  }

  async size(sha256: string): Promise<number | undefined> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch {
      return undefined;
    }
  }

  async putBuffer(data: Uint8Array, options: PutOptions = {}): Promise<WrittenContent> {
    return this.put(async (writer) => writer.write(data), data.length, options);
  }

  async putStream(source: AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<WrittenContent> {
    return this.put(
      async (writer) => {
        for await (const chunk of source) {
          options.signal?.throwIfAborted();
          if (options.expectedSize !== undefined && writer.size + chunk.length > options.expectedSize) {
            throw sizeMismatch(options.expectedSize, writer.size + chunk.length);
          }
          await writer.write(chunk);
        }
      },
      options.expectedSize,
      options,
    );
  }

  /** Ingests a local file with large pipelined reads (hashing while the next read runs). */
  async putFile(path: string, options: PutOptions = {}): Promise<WrittenContent> {
    const source = await open(path, 'r');
    try {
      const before = await source.stat();
      const result = await this.put(
        async (writer) => {
          let current = Buffer.allocUnsafe(IO_CHUNK);
          let next = Buffer.allocUnsafe(IO_CHUNK);
          let position = 0;
          let reading = source.read(current, 0, IO_CHUNK, position);
          for (;;) {
            const { bytesRead } = await reading;
            if (bytesRead === 0) break;
            position += bytesRead;
            options.signal?.throwIfAborted();
            reading = source.read(next, 0, IO_CHUNK, position);
            await writer.write(current.subarray(0, bytesRead));
            [current, next] = [next, current];
          }
        },
        before.size,
        options,
      );
      const after = await source.stat();
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || result.size !== before.size) {
        await this.remove(result.sha256).catch(() => undefined);
        throw new AppError('Conflict', `${path} changed while it was being read; try again`);
      }
      return result;
    } finally {
      await source.close();
    }
  }

  /** Refreshes a blob's mtime so the garbage collector's grace period starts again. */
  async touch(sha256: string): Promise<void> {
    const now = new Date();
    await utimes(this.pathOf(sha256), now, now);
  }

  async remove(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256));
  }

  /** Every stored blob (for the garbage collector and verification). */
  async *list(): AsyncGenerator<StoredBlobInfo> {
    for (const a of await readdirSafe(this.root)) {
      for (const b of await readdirSafe(join(this.root, a))) {
        const dir = join(this.root, a, b);
        for (const name of await readdirSafe(dir)) {
          if (!isSha256(name)) continue;
          const info = await stat(join(dir, name)).catch(() => undefined);
          if (info?.isFile()) yield { sha256: name, size: info.size, mtimeMs: info.mtimeMs };
        }
      }
    }
  }

  /** Removes temp files left by a crash; called once at start, before anything is written. */
  cleanTemp(): number {
    let removed = 0;
    for (const name of readdirSync(this.tempDir)) {
      rmSync(join(this.tempDir, name), { force: true, recursive: true });
      removed++;
    }
    return removed;
  }

  private async put(
    fill: (writer: BlobWriter) => Promise<void>,
    knownSize: number | undefined,
    options: PutOptions,
  ): Promise<WrittenContent> {
    if (options.gitOid && knownSize === undefined) {
      throw new AppError('BadRequest', 'The size must be known to compute a git oid');
    }
    const tempPath = join(this.tempDir, `${Date.now()}-${randomBytes(8).toString('hex')}.blob`);
    const writer = await BlobWriter.create(tempPath, options.gitOid ? { gitOidForSize: knownSize } : {});
    try {
      await fill(writer);
      const written = await writer.finish();
      if (options.expectedSize !== undefined && written.size !== options.expectedSize) {
        throw sizeMismatch(options.expectedSize, written.size);
      }
      if (options.gitOid && written.size !== knownSize) throw sizeMismatch(knownSize ?? 0, written.size);
      if (options.expectedSha256 !== undefined && written.sha256 !== options.expectedSha256) {
        throw new AppError(
          'IntegrityError',
          `Content hashes to sha256 ${written.sha256}, expected ${options.expectedSha256}; nothing was stored`,
        );
      }
      const finalPath = this.pathOf(written.sha256);
      if (this.has(written.sha256)) {
        await writer.abort();
        await this.touch(written.sha256);
      } else {
        const dir = join(finalPath, '..');
        await mkdir(dir, { recursive: true });
        await writer.moveTo(finalPath);
        await syncDirectory(dir);
      }
      return written;
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
}

function sizeMismatch(expected: number, actual: number): AppError {
  return new AppError('IntegrityError', `Expected ${expected} bytes but received ${actual}; nothing was stored`);
}

async function readdirSafe(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** fsync on the directory makes the rename itself durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
