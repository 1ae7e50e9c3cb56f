import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { constants } from 'node:fs';
import { copyFile, link as linkFile, mkdir, open, readdir, rename, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { isSha256 } from '../../shared/lfs-pointer.js';
import { objectHeader } from '../../shared/git-objects.js';
import { shareFile, syncPath, type ShareMethod } from '../files/index.js';
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

/** What putFile did: the content's hashes, and how the new blob file holds the source's bytes. */
export interface PlacedContent extends WrittenContent {
  /** Absent when the store already held the content (no new file). */
  readonly method?: ShareMethod;
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

  /** The stored blob's size, or undefined when it is absent (synchronous: one stat). */
  fileSize(sha256: string): number | undefined {
    try {
      const info = statSync(this.pathOf(sha256));
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
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

  /**
   * Ingests a local file: the kernel copies it (copy_file_range, no bytes through JS) while we
   * hash it with large pipelined reads, so ingest runs at hashing speed. With `link`, the blob
   * becomes a hard link to the file instead (one inode, no copy), falling back to a copy across
   * file systems: for files of our own that go away afterwards (staging). With `share`, the file
   * stays where it is (the HF cache) and both hold the bytes once (see shareFile: a reflink, else
   * a read-only hard link, else a copy). Either way the content is hashed and checked before it
   * is stored. The file must not change meanwhile; a change is detected and refused.
   */
  async putFile(path: string, options: PutOptions & { readonly link?: boolean; readonly share?: boolean } = {}): Promise<PlacedContent> {
    const before = await stat(path);
    const tempPath = this.tempPath();
    const placing = options.share ? shareFile(path, tempPath) : placeCopy(path, tempPath, options.link ?? false);
    let hashed: WrittenContent;
    let method: ShareMethod;
    try {
      hashed = await hashFileContent(path, options.gitOid ? before.size : undefined, options.signal);
      method = await placing;
    } catch (error) {
      await placing.catch(() => undefined);
      await unlink(tempPath).catch(() => undefined);
      throw error;
    }
    try {
      const after = await stat(path);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || after.ino !== before.ino || hashed.size !== before.size) {
        throw new AppError('Conflict', `${path} changed while it was being read; try again`);
      }
      await syncPath(tempPath);
      const placed = await this.finalize(tempPath, hashed, options);
      return placed.created ? { ...hashed, method } : hashed;
    } catch (error) {
      await unlink(tempPath).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Takes in a file of our own whose bytes were verified against `sha256` as they arrived and
   * fsynced (a finished download): hard-linked into place (copied across file systems), without
   * reading it a second time. Returns how it was placed, or undefined when the store had it.
   */
  async adoptVerified(path: string, sha256: string): Promise<ShareMethod | undefined> {
    const finalPath = this.pathOf(sha256);
    if (this.has(sha256)) {
      await this.touch(sha256);
      return undefined;
    }
    const tempPath = this.tempPath();
    try {
      const method = await placeCopy(path, tempPath, true);
      if (method === 'copy') await syncPath(tempPath);
      const dir = join(finalPath, '..');
      await mkdir(dir, { recursive: true });
      await rename(tempPath, finalPath);
      await syncPath(dir);
      return method;
    } catch (error) {
      await unlink(tempPath).catch(() => undefined);
      throw error;
    }
  }

  /** Re-hashes a stored blob file (verification). */
  async hashFile(path: string): Promise<string> {
    return (await hashFileContent(path, undefined)).sha256;
  }

  /** Refreshes a blob's mtime so the garbage collector's grace period starts again. */
  async touch(sha256: string): Promise<void> {
    const now = new Date();
    await utimes(this.pathOf(sha256), now, now);
  }

  async remove(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256));
  }

  /**
   * Removes a blob file unless `keep` says otherwise once it is out of sight: the file is moved
   * aside first, then `keep` is asked, then it is deleted or put back. A writer that registers
   * itself where `keep` looks before it checks for the file either sees it gone (and writes its
   * own) or is seen by `keep`. Returns whether the file was deleted.
   */
  async removeUnless(sha256: string, keep: () => boolean): Promise<boolean> {
    const path = this.pathOf(sha256);
    const aside = this.tempPath();
    try {
      await rename(path, aside);
    } catch {
      return false;
    }
    if (keep()) {
      // Identical bytes if a writer put the content back meanwhile: replacing them changes nothing.
      await rename(aside, path);
      return false;
    }
    await unlink(aside);
    return true;
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

  /** Files under the temp dir (relative paths): unfinished writes, or a crash's leftovers before the next start. */
  async listTemp(): Promise<string[]> {
    const found: string[] = [];
    const visit = async (relative: string): Promise<void> => {
      for (const entry of await readdir(join(this.tempDir, relative), { withFileTypes: true }).catch(() => [])) {
        const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory()) await visit(path);
        else found.push(path);
      }
    };
    await visit('');
    return found.sort();
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

  private tempPath(): string {
    return join(this.tempDir, `${Date.now()}-${randomBytes(8).toString('hex')}.blob`);
  }

  private async put(
    fill: (writer: BlobWriter) => Promise<void>,
    knownSize: number | undefined,
    options: PutOptions,
  ): Promise<WrittenContent> {
    if (options.gitOid && knownSize === undefined) {
      throw new AppError('BadRequest', 'The size must be known to compute a git oid');
    }
    const sizeHint = knownSize ?? options.expectedSize;
    const writer = await BlobWriter.create(this.tempPath(), {
      ...(options.gitOid ? { gitOidForSize: knownSize } : {}),
      ...(sizeHint === undefined ? {} : { sizeHint }),
    });
    let written: WrittenContent;
    try {
      await fill(writer);
      written = await writer.finish();
      if (options.gitOid && written.size !== knownSize) throw sizeMismatch(knownSize ?? 0, written.size);
    } catch (error) {
      await writer.abort();
      throw error;
    }
    try {
      await this.finalize(writer.tempPath, written, options);
      return written;
    } catch (error) {
      await unlink(writer.tempPath).catch(() => undefined);
      throw error;
    }
  }

  /** Checks a durable temp file against what the caller expected and moves it into place (or drops a duplicate). */
  private async finalize(tempPath: string, written: WrittenContent, options: PutOptions): Promise<WrittenContent & { created: boolean }> {
    if (options.expectedSize !== undefined && written.size !== options.expectedSize) {
      throw sizeMismatch(options.expectedSize, written.size);
    }
    if (options.expectedSha256 !== undefined && written.sha256 !== options.expectedSha256) {
      throw new AppError(
        'IntegrityError',
        `Content hashes to sha256 ${written.sha256}, expected ${options.expectedSha256}; nothing was stored`,
      );
    }
    const finalPath = this.pathOf(written.sha256);
    if (this.has(written.sha256)) {
      await unlink(tempPath);
      await this.touch(written.sha256);
      return { ...written, created: false };
    }
    const dir = join(finalPath, '..');
    await mkdir(dir, { recursive: true });
    await rename(tempPath, finalPath);
    await syncPath(dir);
    return { ...written, created: true };
  }
}

/** Hashes a file with large reads, the next read running while the current chunk is hashed. */
export async function hashFileContent(path: string, gitOidForSize: number | undefined, signal?: AbortSignal): Promise<WrittenContent> {
  const sha256 = createHash('sha256');
  const sha1 = gitOidForSize === undefined ? undefined : createHash('sha1').update(objectHeader('blob', gitOidForSize));
  const handle = await open(path, 'r');
  let size = 0;
  try {
    let current = Buffer.allocUnsafe(IO_CHUNK);
    let next = Buffer.allocUnsafe(IO_CHUNK);
    let reading = handle.read(current, 0, IO_CHUNK, 0);
    for (;;) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      size += bytesRead;
      signal?.throwIfAborted();
      reading = handle.read(next, 0, IO_CHUNK, size);
      const chunk = current.subarray(0, bytesRead);
      sha256.update(chunk);
      sha1?.update(chunk);
      [current, next] = [next, current];
    }
  } finally {
    await handle.close();
  }
  const result = { sha256: sha256.digest('hex'), size };
  return sha1 ? { ...result, gitOid: sha1.digest('hex') } : result;
}

async function placeCopy(source: string, target: string, link: boolean): Promise<ShareMethod> {
  if (link) {
    try {
      await linkFile(source, target);
      return 'hardlink';
    } catch {
      // Another file system or no hard links there: copy instead.
    }
  }
  await copyFile(source, target, constants.COPYFILE_EXCL);
  return 'copy';
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
