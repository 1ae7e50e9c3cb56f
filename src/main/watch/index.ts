/** Watching folders on disk: the HF cache (chokidar lives here). */
export { watchCacheFolder, type CacheUpdate, type CacheWatcher, type CacheWatcherOptions } from './cache-watcher.js';
export { cacheChangeAt, isIgnoredCachePath, isTransientName, type CacheChange } from './cache-paths.js';
