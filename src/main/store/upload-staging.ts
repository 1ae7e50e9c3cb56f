import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { BlobStore } from './blob-store.js';
import { IO_CHUNK, type WrittenContent } from './blob-writer.js';

const KEY_FILE = 'upload-url.key';
const UPLOAD_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** Part files untouched for this long belong to abandoned uploads (their URLs expired long before). */
const STALE_MS = 3 * 60 * 60 * 1000;
const SWEEP_EVERY_MS = 10 * 60 * 1000;

interface UploadSession {
  writers: number;
  completing: boolean;
}

export interface ExpectedObject {
  readonly sha256: string;
  readonly size: number;
}

/**
 * Server-side state of LFS transfers: the key that signs upload URLs, and multipart uploads.
 * A multipart upload is one file under the temp dir that each part is written into at its
 * offset; completion hard-links that file into the blob store while hashing it, so the bytes
 * are written once. Nothing reaches the blob store unless it hashes to the expected sha256.
 */
export class UploadStaging {
  private readonly dir: string;
  private readonly keyPath: string;
  private key: Buffer | undefined;
  private readonly sessions = new Map<string, UploadSession>();
  private lastSweep = 0;

  constructor(
    dataDir: string,
    private readonly blobs: BlobStore,
  ) {
    this.dir = join(blobs.tempDir, 'multipart');
    this.keyPath = join(dataDir, KEY_FILE);
  }

  /**
   * The secret that signs transfer URLs: created once per data dir, readable by its owner only.
   * It is written whole to a temp file, then linked into place (never over another process's
   * key); a file a crash left empty or cut short is replaced, since it can have signed nothing.
   */
  signingKey(): Buffer {
    if (this.key) return this.key;
    let key = readKey(this.keyPath);
    if (key === undefined) {
      const temp = `${this.keyPath}.${randomBytes(4).toString('hex')}.tmp`;
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        if (existsSync(this.keyPath)) renameSync(temp, this.keyPath);
        else linkSync(temp, this.keyPath);
      } catch (error) {
        // Another process made its key first: use that one.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        rmSync(temp, { force: true });
      }
      key = readKey(this.keyPath);
      if (key === undefined) throw new Error(`Could not create the upload signing key ${this.keyPath}`);
    }
    this.key = key;
    return key;
  }

  newUploadId(): string {
    return randomBytes(18).toString('base64url');
  }

  /** Writes one part at its offset; the body must be exactly `length` bytes. */
  async writePart(
    uploadId: string,
    offset: number,
    length: number,
    source: AsyncIterable<Uint8Array>,
    signal?: AbortSignal,
  ): Promise<void> {
    const path = this.partFile(uploadId);
    const session = this.sessions.get(uploadId) ?? { writers: 0, completing: false };
    if (session.completing) throw new AppError('Conflict', 'This multipart upload is being completed; parts can no longer be sent');
    session.writers++;
    this.sessions.set(uploadId, session);
    try {
      await mkdir(this.dir, { recursive: true });
      await this.sweep();
      const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
      try {
        await writeAt(handle, offset, length, source, signal);
      } finally {
        await handle.close();
      }
    } finally {
      session.writers--;
      if (session.writers === 0 && !session.completing) this.sessions.delete(uploadId);
    }
  }

  /**
   * Moves a finished multipart upload into the blob store if it has the expected size and
   * sha256; the upload is gone afterwards either way (a client that fails starts over).
   */
  async complete(uploadId: string, expected: ExpectedObject, signal?: AbortSignal): Promise<WrittenContent> {
    const path = this.partFile(uploadId);
    const session = this.sessions.get(uploadId);
    if (session && session.writers > 0) throw new AppError('Conflict', 'Parts of this upload are still being received; complete it after they finish');
    if (session?.completing) throw new AppError('Conflict', 'This multipart upload is already being completed');
    this.sessions.set(uploadId, { writers: 0, completing: true });
    const claimed = `${path}.complete`;
    try {
      try {
        await rename(path, claimed);
      } catch {
        throw new AppError('UnprocessableEntity', 'No parts of this multipart upload were received; request new upload URLs');
      }
      const { size } = await stat(claimed);
      if (size !== expected.size) {
        throw new AppError('IntegrityError', `The parts add up to ${size} bytes, expected ${expected.size}; nothing was stored`);
      }
      return await this.blobs.putFile(claimed, {
        link: true,
        expectedSha256: expected.sha256,
        expectedSize: expected.size,
        ...(signal ? { signal } : {}),
      });
    } finally {
      await unlink(claimed).catch(() => undefined);
      this.sessions.delete(uploadId);
    }
  }

  private partFile(uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new AppError('BadRequest', 'Invalid upload id');
    return join(this.dir, `${uploadId}.part`);
  }

  /** Removes part files of abandoned uploads, at most every few minutes. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const id = name.replace(/\.part(\.complete)?$/, '');
      if (this.sessions.has(id)) continue;
      const file = join(this.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_MS) await unlink(file).catch(() => undefined);
    }
  }
}

/**
 * Writes a stream at an offset in large writes, refusing more or fewer bytes than `length`. The
 * received chunks go to one writev as they are: concatenating them first allocated a fresh 4 MiB
 * buffer per write, and with the client's parallel parts that garbage added ~35 MiB to the peak.
 */
async function writeAt(
  handle: FileHandle,
  offset: number,
  length: number,
  source: AsyncIterable<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let position = offset;
  let received = 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    let chunks = pending;
    let left = pendingBytes;
    pending = [];
    pendingBytes = 0;
    while (left > 0) {
      const { bytesWritten } = await handle.writev(chunks, position);
      if (bytesWritten === 0) throw new Error('writev wrote nothing');
      position += bytesWritten;
      left -= bytesWritten;
      if (left > 0) chunks = remainingAfter(chunks, bytesWritten);
    }
  };
  for await (const chunk of source) {
    signal?.throwIfAborted();
    received += chunk.length;
    if (received > length) throw partSizeMismatch(length, received);
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= IO_CHUNK) await flush();
  }
  await flush();
  if (received !== length) throw partSizeMismatch(length, received);
}

/** The chunks still to write after a short writev of `written` bytes. */
function remainingAfter(chunks: readonly Uint8Array[], written: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  let skip = written;
  for (const chunk of chunks) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return rest;
}

function partSizeMismatch(expected: number, received: number): AppError {
  return new AppError('IntegrityError', `This part must be ${expected} bytes; received ${received}${received > expected ? ' or more' : ''}`);
}

/** The key in the file, or undefined when the file is missing or not a whole key. */
function readKey(path: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : undefined;
}
