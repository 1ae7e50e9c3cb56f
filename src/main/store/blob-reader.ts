import { readFileSync } from 'node:fs';
import { lfsPointerText } from '../../shared/lfs-pointer.js';
import type { StoreContext } from './store-context.js';

/** Where the bytes of a git blob are: inline in SQLite, a blob-store file, or an LFS pointer to derive. */
export type BlobBytes =
  | { readonly kind: 'inline'; readonly data: Buffer }
  | { readonly kind: 'file'; readonly path: string; readonly size: number }
  | { readonly kind: 'pointer'; readonly text: string; readonly lfsOid: string; readonly lfsSize: number };

export function locateBlob(ctx: StoreContext, oid: string): BlobBytes | undefined {
  const row = ctx.objects.getBlob(oid);
  if (!row) return undefined;
  if (row.lfs_oid !== null && row.lfs_size !== null) {
    return { kind: 'pointer', text: lfsPointerText({ oid: row.lfs_oid, size: row.lfs_size }), lfsOid: row.lfs_oid, lfsSize: row.lfs_size };
  }
  if (row.content !== null) return { kind: 'inline', data: row.content };
  return { kind: 'file', path: ctx.blobs.pathOf(row.sha256 as string), size: row.size };
}

/** The raw git blob bytes (pointer text for LFS files); for small files such as .gitattributes. */
export function readBlobBytes(ctx: StoreContext, oid: string): Buffer {
  const located = locateBlob(ctx, oid);
  if (!located) throw new Error(`corrupt store: blob ${oid} is missing`);
  if (located.kind === 'inline') return located.data;
  if (located.kind === 'pointer') return Buffer.from(located.text);
  return readFileSync(located.path);
}

export function readBlobText(ctx: StoreContext, oid: string): string {
  return readBlobBytes(ctx, oid).toString('utf8');
}
