/** Watching folders on disk: the HF cache (chokidar lives here); local model folders and their import. */
export { watchCacheFolder, type CacheUpdate, type CacheWatcher, type CacheWatcherOptions } from './cache-watcher.js';
export { cacheChangeAt, isIgnoredCachePath, isTransientName, type CacheChange } from './cache-paths.js';
export { classifyFolder, isScannedFolderName, type ListedEntry } from './classify-folder.js';
export { findModelFolders, type FoundModelFolder, type ModelFolderScanOptions } from './find-model-folders.js';
export { listFolderFiles, type FolderFile } from './folder-files.js';
export { compareFolder, describeDiff, importFolder, type FolderComparison, type FolderImportRequest } from './folder-import.js';
