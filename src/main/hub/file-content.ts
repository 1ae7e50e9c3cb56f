import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import type { FileEntryInfo, Store } from '../store/index.js';

/** Whether a file is asked for with its LFS content resolved, or as its raw git blob (the pointer text). */
export type FileMode = 'resolve' | 'raw';

/** The identity of what a resolve or raw response serves, known from the tree entry alone. */
export interface FileIdentity {
  readonly size: number;
  /** The ETag value without quotes: the git blob oid, or the sha256 of resolved LFS content. */
  readonly etag: string;
  /** Set for LFS content: `X-Linked-Etag` / `X-Linked-Size`, the cache key both clients use. */
  readonly linked?: { readonly etag: string; readonly size: number };
}

export type FileBytes = { readonly kind: 'bytes'; readonly data: Buffer } | { readonly kind: 'file'; readonly path: string };

/** No storage access: a HEAD needs nothing more than this. */
export function fileIdentity(entry: FileEntryInfo, mode: FileMode): FileIdentity {
  if (!entry.lfs) return { size: entry.size, etag: entry.oid };
  if (mode === 'raw') return { size: entry.lfs.pointerSize, etag: entry.oid };
  return { size: entry.lfs.size, etag: entry.lfs.oid, linked: { etag: entry.lfs.oid, size: entry.lfs.size } };
}

/** Where the bytes a GET sends are: in memory (inline blobs, pointer texts) or a blob-store file. */
export function fileBytes(store: Store, entry: FileEntryInfo, mode: FileMode): FileBytes {
  if (entry.lfs && mode === 'resolve') return { kind: 'file', path: store.blobs.pathOf(entry.lfs.oid) };
  const located = store.locateBlob(entry.oid);
  if (!located) throw new Error(`corrupt store: blob ${entry.oid} of ${entry.path} is missing`);
  switch (located.kind) {
    case 'inline':
      return { kind: 'bytes', data: located.data };
    case 'pointer':
      return { kind: 'bytes', data: Buffer.from(located.text) };
    case 'file':
      return { kind: 'file', path: located.path };
  }
}

/** Opens a stored file for reading, checking its size, before any response header is sent. */
export async function openStoredFile(path: string, expectedSize: number): Promise<FileHandle> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('NotFound', 'The content of this file is not stored on this hub (its LFS object was never uploaded, or was deleted)');
    }
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size !== expectedSize) throw new Error(`corrupt store: ${path} holds ${size} bytes, expected ${expectedSize}`);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
