import { existsSync } from 'node:fs';
import { CacheLayout } from '../cache/index.js';
import type { StoreContentQueries } from '../db/index.js';
import type { CatalogFile } from './tracked-repo.js';

/** Whether a content's bytes are on this disk: in the local hub's store, in a Hugging Face cache. */
export interface OnDisk {
  readonly hub: boolean;
  readonly cache: boolean;
}

/** The content's name in stores and caches: the LFS sha256, else the git oid. */
export function contentKey(file: Pick<CatalogFile, 'oid' | 'sha256'>): string {
  return file.sha256 ?? file.oid;
}

/** A cached repo holds the bytes of its file when the blob named by its etag is in the cache's folder. */
export function cachedCopyExists(file: CatalogFile): boolean {
  return file.source === 'cache' && existsSync(new CacheLayout(file.endpoint).blobPath(file.repoType, file.repo, contentKey(file)));
}

/** Where the bytes of `hash` are on disk; `holders` are the files of the current structures holding it. */
export function hashOnDisk(store: StoreContentQueries, hash: string, holders: readonly CatalogFile[]): OnDisk {
  const hub = holders.some((file) => file.source === 'hub') || store.held([hash]).has(hash);
  return { hub, cache: holders.some(cachedCopyExists) };
}
