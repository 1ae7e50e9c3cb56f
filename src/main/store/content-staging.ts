import { readFile, open } from 'node:fs/promises';
import { lfsPointerSize, lfsPointerText } from '../../shared/lfs-pointer.js';
import { AppError } from '../../shared/errors.js';
import type { NewGitBlob } from '../db/git-objects-table.js';
import { gitBlobOid, sha256Hex } from './git-hash.js';
import type { StoreContext } from './store-context.js';

/** Regular files up to this size live inside SQLite (one fsync per batch instead of per file, like git packs). */
export const INLINE_MAX = 256 * 1024;
const BATCH_ROWS = 2000;
const BATCH_BYTES = 64 * 1024 * 1024;

export type ContentSource =
  | { readonly data: Uint8Array }
  | { readonly file: string }
  | { readonly stream: AsyncIterable<Uint8Array>; readonly size: number };

export interface StagedBlob {
  readonly oid: string;
  readonly size: number;
  readonly lfs?: { readonly oid: string; readonly size: number };
}

/** Size and first bytes of a content source, for the LFS decision. */
export async function probeContent(source: ContentSource): Promise<{ size: number; sample: Uint8Array }> {
  if ('data' in source) return { size: source.data.length, sample: source.data.subarray(0, 512) };
  if ('file' in source) {
    const handle = await open(source.file, 'r');
    try {
      const { size } = await handle.stat();
      const sample = Buffer.alloc(Math.min(512, size));
      await handle.read(sample, 0, sample.length, 0);
      return { size, sample };
    } catch (error) {
      throw new AppError('BadRequest', `Cannot read ${source.file}`, {}, { cause: error });
    } finally {
      await handle.close();
    }
  }
  return { size: source.size, sample: new Uint8Array() };
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

  constructor(private readonly ctx: StoreContext) {}

  async stageRegular(source: ContentSource, signal?: AbortSignal): Promise<StagedBlob> {
    const size = 'data' in source ? source.data.length : (await probeContent(source)).size;
    if (size <= INLINE_MAX) {
      const data = await readSmall(source);
      signal?.throwIfAborted();
      const oid = gitBlobOid(data);
      this.add({ oid, size: data.length, sha256: sha256Hex(data), content: data, lfsOid: null, lfsSize: null });
      return { oid, size: data.length };
    }
    const written = await this.putContent(source, { gitOid: true, signal });
    const oid = written.gitOid as string;
    this.add({ oid, size: written.size, sha256: written.sha256, content: null, lfsOid: null, lfsSize: null });
    return { oid, size: written.size };
  }

  async stageLfs(source: ContentSource, signal?: AbortSignal): Promise<StagedBlob> {
    const written = await this.putContent(source, { gitOid: false, signal });
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
    if ('file' in source) return this.ctx.blobs.putFile(source.file, put);
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
