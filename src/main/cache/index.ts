export { CacheLayout, parseRepoFolderName, repoFolderName, splitRepoFolderName } from './cache-layout.js';
export { SnapshotLinker } from './snapshot-linker.js';
export { scanCacheDir, scanRepo, type CachedFileInfo, type CachedRepo, type CachedRevision, type CacheScan, type CacheWarning, type IncompleteFile, type MissingBlob, type ScanOptions } from './cache-scan.js';
export { executeDeletion, planDeletion, selectTargets, type DeleteItem, type DeleteItemKind, type DeletePlan, type DeleteReport, type DeleteSelection } from './cache-delete.js';
export { DEFAULT_PRUNE_AGE_MS, executePrune, planPrune, type PruneItem, type PruneItemKind, type PruneOptions, type PrunePlan, type PruneReport } from './cache-prune.js';
export { selectForEviction, type EvictionChoice } from './cache-evict.js';
export { verifyCache, type CorruptBlob, type MissingBlobFinding, type VerifyOptions, type VerifyProgress, type VerifyReport } from './cache-verify.js';
export { moveCache, type MoveOptions, type MoveProgress, type MoveReport } from './cache-move.js';
export { isMissing } from './cache-fs.js';
