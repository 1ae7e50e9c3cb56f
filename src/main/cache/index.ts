export { CacheLayout, parseRepoFolderName, repoFolderName, splitRepoFolderName, writeAtomic } from './cache-layout.js';
export { DownloadEngine, type DownloadEngineOptions, type DownloadFileOptions, type SnapshotOptions } from './download-engine.js';
export { downloadFile, snapshotDownload, type OneShotOptions } from './one-shot.js';
export type { DownloadTarget } from './download-target.js';
export type { FileProgress, FileProgressListener } from './download-file.js';
export type { SnapshotProgress, SnapshotRequest, SnapshotResult } from './snapshot-download.js';
export { fileMetadata, type FileMetadata, type FileMetadataOptions } from './file-metadata.js';
export { isCommitId } from './download-target.js';
export { cachedDownload, type CachedDownloadOptions, type CachedFile } from './cached-download.js';
export { DEFAULT_FETCH_TUNING, type FetchTuning } from './blob-fetcher.js';
export { createPathFilter, fnmatchRegExp, type PathFilter } from './file-patterns.js';
export { ContentHash, hashKindOf, normalizeEtag, type ContentHashKind } from './content-hash.js';
export { assertFreeSpace, formatBytes, freeSpace } from './free-space.js';
export type { NewTransfer, TransferRange, TransferRecord, TransferStateStore } from './transfer-state.js';
export { NO_EXIST, findCachedSnapshot, resolveCachedCommit, tryLoadFromCache, type NoExist } from './offline-lookup.js';
export { engineOptionsFromConfig } from './engine-options.js';
export { scanCacheDir, scanRepo, type CacheScan, type CacheWarning, type CachedFileInfo, type CachedRepo, type CachedRevision, type IncompleteFile, type MissingBlob, type ScanOptions } from './cache-scan.js';
export { executeDeletion, planDeletion, selectTargets, type DeleteItem, type DeleteItemKind, type DeletePlan, type DeleteReport, type DeleteSelection } from './cache-delete.js';
export { DEFAULT_PRUNE_AGE_MS, executePrune, planPrune, type PruneItem, type PruneItemKind, type PruneOptions, type PrunePlan, type PruneReport } from './cache-prune.js';
export { selectForEviction, type EvictionChoice } from './cache-evict.js';
export { verifyCache, type CorruptBlob, type MissingBlobFinding, type VerifyOptions, type VerifyProgress, type VerifyReport } from './cache-verify.js';
export { moveCache, type MoveOptions, type MoveProgress, type MoveReport } from './cache-move.js';
export {
  ensureLocalDirGitignore,
  localDownloadPaths,
  localIncompletePath,
  readLocalDownloadMetadata,
  writeLocalDownloadMetadata,
  type LocalDownloadMetadata,
  type LocalDownloadPaths,
} from './local-dir-metadata.js';
export { extractDownloads, type DownloadedFiles, type ExtractDownloadsOptions, type ExtractDownloadsReport, type ExtractedArchive, type ExtractFailure } from './extract-downloads.js';
