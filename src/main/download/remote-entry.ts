import type { RemoteFileEntry } from '../upstream/index.js';

/** The blob a listed file is stored as in the cache: its LFS object's sha256, else its git blob id. */
export function etagOf(entry: RemoteFileEntry): string {
  return entry.lfs?.oid ?? entry.oid;
}

/** The size of that blob (an LFS file's own size, not its pointer's). */
export function sizeOf(entry: RemoteFileEntry): number {
  return entry.lfs?.size ?? entry.size;
}
