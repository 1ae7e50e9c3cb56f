import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { lfsPointerSize, lfsPointerText } from '../../shared/lfs-pointer.js';
import { AppError } from '../../shared/errors.js';
import type { NewGitBlob } from '../db/index.js';
import { gitBlobOid, sha256Hex } from './git-hash.js';
import type { StoreContext } from './store-context.js';

/** Regular files up to this size live inside SQLite (one fsync per batch instead of per file, like git packs). */
export const INLINE_MAX = 256 * 1024;
const BATCH_ROWS = 2000;
const BATCH_BYTES = 64 * 1024 * 1024;

export type ContentSource =
  | { readonly data: Uint8Array }
  /**
   * A local file; with `link`, large content is hard-linked into the store instead of copied (same
   * file system); with `share`, a file that stays (the HF cache's) shares its bytes with the store
   * (reflink, else read-only hard link, else copy).
   */
  | { readonly file: string; readonly link?: boolean; readonly share?: boolean }
  | { readonly stream: AsyncIterable<Uint8Array>; readonly size: number };

export interface StagedBlob {
  readonly oid: string;
  readonly size: number;
  readonly lfs?: { readonly oid: string; readonly size: number };
}

/** A content source with its size and first bytes known, and its bytes in memory when small. */
export interface LoadedContent {
  readonly source: ContentSource;
  readonly size: number;
  readonly sample: Uint8Array;
  /** The whole content, when it is at most INLINE_MAX bytes (read once, used for both the decision and storage). */
  readonly data?: Uint8Array;
}

/**
 * Reads what the LFS decision needs with one open per file, and small files whole. Small local
 * files are read synchronously: for thousands of them the promise round-trips cost more than the reads.
 */
export function loadContent(source: ContentSource): LoadedContent {
  if ('data' in source) return { source, size: source.data.length, sample: source.data.subarray(0, 512), data: source.data };
  if ('stream' in source) return { source, size: source.size, sample: new Uint8Array() };
  let fd: number | undefined;
  try {
    fd = openSync(source.file, 'r');
    const { size } = fstatSync(fd);
    if (size <= INLINE_MAX) {
      const data = readFileSync(fd);
      return { source, size: data.length, sample: data.subarray(0, 512), data };
    }
    const sample = Buffer.alloc(512);
    const bytesRead = readSync(fd, sample, 0, 512, 0);
    return { source, size, sample: sample.subarray(0, bytesRead) };
  } catch (error) {
    throw new AppError('BadRequest', `Cannot read ${source.file}`, {}, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes content where it belongs before a commit references it: LFS content and large regular
 * files into the blob store, small regular files into SQLite in batched transactions. Staged
 * objects are unreferenced until the commit transaction; the garbage collector spares them for a
 * grace period.
 */
export class ContentStager {
  private batch: NewGitBlob[] = [];
  private batchBytes = 0;

  /** `beforeFlush`: called before each write of the pending rows (see GitImportOptions). */
  constructor(private readonly ctx: StoreContext, private readonly beforeFlush?: () => void) {}

  async stageRegular(content: LoadedContent, signal?: AbortSignal): Promise<StagedBlob> {
    if (content.size <= INLINE_MAX) {
      const data = content.data ?? (await readSmall(content.source));
      signal?.throwIfAborted();
      const oid = gitBlobOid(data);
      this.add({ oid, size: data.length, sha256: sha256Hex(data), content: data, lfsOid: null, lfsSize: null });
      return { oid, size: data.length };
    }
    const written = await this.putContent(content.source, { gitOid: true, signal });
    const oid = written.gitOid as string;
    this.add({ oid, size: written.size, sha256: written.sha256, content: null, lfsOid: null, lfsSize: null });
    return { oid, size: written.size };
  }

  async stageLfs(content: LoadedContent, signal?: AbortSignal): Promise<StagedBlob> {
    const written = await this.putContent(content.data ? { data: content.data } : content.source, { gitOid: false, signal });
    return this.stageLfsPointer(written.sha256, written.size);
  }

  /** An LFS object already in the blob store (uploaded through the LFS API). */
  stageLfsPointer(sha256: string, size: number): StagedBlob {
    const pointer = new TextEncoder().encode(lfsPointerText({ oid: sha256, size }));
    const oid = gitBlobOid(pointer);
    this.add({ oid, size: lfsPointerSize(size), sha256: null, content: null, lfsOid: sha256, lfsSize: size });
    return { oid, size, lfs: { oid: sha256, size } };
  }

  /** Small content staged synchronously (inside a commit transaction), e.g. an updated .gitattributes. */
  stageInlineNow(data: Uint8Array): StagedBlob {
    const oid = gitBlobOid(data);
    this.ctx.objects.putBlob(
      { oid, size: data.length, sha256: sha256Hex(data), content: data, lfsOid: null, lfsSize: null },
      this.ctx.now(),
    );
    return { oid, size: data.length };
  }

  /** Writes the pending rows; call before the commit transaction. */
  flush(): void {
    if (this.batch.length === 0) return;
    this.beforeFlush?.();
    const rows = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    const now = this.ctx.now();
    this.ctx.db.transaction(() => {
      for (const row of rows) this.ctx.objects.putBlob(row, now);
    })();
  }

  private add(row: NewGitBlob): void {
    this.batch.push(row);
    this.batchBytes += row.content?.length ?? 0;
    if (this.batch.length >= BATCH_ROWS || this.batchBytes >= BATCH_BYTES) this.flush();
  }

  private async putContent(source: ContentSource, options: { gitOid: boolean; signal?: AbortSignal | undefined }) {
    const put = { gitOid: options.gitOid, ...(options.signal ? { signal: options.signal } : {}) };
    if ('data' in source) return this.ctx.blobs.putBuffer(source.data, put);
    if ('file' in source) return this.ctx.blobs.putFile(source.file, { ...put, link: source.link ?? false, share: source.share ?? false });
    return this.ctx.blobs.putStream(source.stream, { ...put, expectedSize: source.size });
  }
}

async function readSmall(source: ContentSource): Promise<Uint8Array> {
  if ('data' in source) return source.data;
  if ('file' in source) return readFile(source.file);
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.stream) chunks.push(chunk);
  const data = Buffer.concat(chunks);
  if (data.length !== source.size) {
    throw new AppError('IntegrityError', `Expected ${source.size} bytes but received ${data.length}`);
  }
  return data;
}
