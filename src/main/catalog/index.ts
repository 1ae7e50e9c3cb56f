export { Catalog, type CatalogOptions, type RefreshResult, type RevisionDiff, type TrackRequest } from './catalog.js';
export { parseFindQuery, type FindOptions, type FindQuery } from './find-query.js';
export type { RefreshStatus } from './refresh-structure.js';
export type { DiffFile, ModifiedFile, RenamedFile, StructureDiff } from './structure-diff.js';
export { describeTracked, type CatalogFile, type RepoSelector, type TrackedRepo } from './tracked-repo.js';
export { LOCAL_HUB, LocalHubIndex, type BackfillReport, type LocalHubIndexOptions } from './local-hub-index.js';
export { CacheIndex, type CacheIndexReport } from './cache-index.js';
export type { OutdatedFailure, OutdatedReport, OutdatedSnapshot } from './outdated-check.js';
