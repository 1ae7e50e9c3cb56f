export {
  DownloadEngine,
  type DownloadCallOptions,
  type DownloadEngineOptions,
  type DownloadFileOptions,
  type DownloadProgress,
  type DownloadResult,
  type SnapshotOptions,
} from './download-engine.js';
export { downloadRequestSchema, parseDownloadRequest, type DownloadRequest, type DownloadRequestInput } from './download-request.js';
export { isCommitId, type DownloadCall, type DownloadOptions } from './download-target.js';
export type { FileProgress, FileProgressListener } from './download-file.js';
export type { SnapshotProgress, SnapshotResult, SnapshotSelection } from './snapshot-download.js';
export { fileMetadata, type FileMetadata, type FileMetadataOptions } from './file-metadata.js';
export { cachedDownload, type CachedDownloadOptions, type CachedFile } from './cached-download.js';
export { createPathFilter, fnmatchRegExp, type PathFilter } from './file-patterns.js';
export { findCachedSnapshot, NO_EXIST, resolveCachedCommit, tryLoadFromCache, type NoExist } from './offline-lookup.js';
export { engineOptionsFromConfig, upstreamClientFromConfig } from './engine-options.js';
export { ensureLocalDirGitignore, localDownloadPaths, localIncompletePath, readLocalDownloadMetadata, writeLocalDownloadMetadata, type LocalDownloadMetadata, type LocalDownloadPaths } from './local-dir-metadata.js';
export { extractDownloads, type DownloadedFiles, type ExtractDownloadsOptions, type ExtractDownloadsReport, type ExtractedArchive, type ExtractFailure } from './extract-downloads.js';
export { DOWNLOAD_JOB, downloadJob } from './download-job.js';
export { datasetConfigs, datasetSplitFiles, type DatasetConfig, type DatasetSplit } from './dataset-splits.js';
export { cardConfigs, cardMetadata, type CardConfig } from './dataset-card.js';
export { readTreeCache, type TreeCacheEntry } from './tree-cache.js';
