import type { Db, GitObjectsTable, RefsTable, ReposTable } from '../db/index.js';
import type { AnnotatedTags } from './annotated-tags.js';
import type { BlobStore } from './blob-store.js';
import type { GitAttributesCache } from './lfs-rules.js';

/** What the store's modules share: the tables, the blob files and the settings. */
export interface StoreContext {
  readonly db: Db;
  readonly objects: GitObjectsTable;
  readonly refs: RefsTable;
  readonly repos: ReposTable;
  /** Annotated tag objects from git push. */
  readonly tags: AnnotatedTags;
  readonly blobs: BlobStore;
  readonly defaultLfsThreshold: number;
  /** Parsed .gitattributes files by blob oid. */
  readonly gitAttributes: GitAttributesCache;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now: () => number;
}
