import { basename, dirname, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { cacheChangeAt, isIgnoredCachePath } from './cache-paths.js';
import { createChangeBatcher } from './change-batcher.js';

/** What changed in one coalesced update: repo folder names, and whether the cache folder itself came or went. */
export interface CacheUpdate {
  readonly folders: readonly string[];
  readonly wholeCache: boolean;
}

export interface CacheWatcherOptions {
  /** The HF cache folder (HF_HUB_CACHE); it need not exist yet. */
  readonly dir: string;
  readonly onUpdate: (update: CacheUpdate) => void;
  readonly onError: (error: unknown) => void;
  /** Quiet time that ends a burst (default 200 ms); an update is never held longer than `maxWaitMs` (default 1 s). */
  readonly quietMs?: number;
  readonly maxWaitMs?: number;
}

export interface CacheWatcher {
  /** Resolves once the first look at the cache is done: changes after this are reported. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const WHOLE_CACHE = '';

/**
 * Watches an HF cache for what Python, `hf`, another HubKeeper or a person does to it. Only the
 * folder skeleton is watched (repo folders, `refs/`, the folders under `snapshots/`), through
 * inotify-style watches: nothing is polled, so a large cache costs nothing at rest. The watch is
 * set on the cache's parent so a cache folder that is deleted, moved away or re-created is seen.
 */
export function watchCacheFolder(options: CacheWatcherOptions): CacheWatcher {
  const root = resolve(options.dir);
  const batcher = createChangeBatcher<string>({
    quietMs: options.quietMs ?? 200,
    maxWaitMs: options.maxWaitMs ?? 1000,
    flush: (batch) => {
      const folders = [...batch].filter((folder) => folder !== WHOLE_CACHE).sort();
      options.onUpdate({ folders, wholeCache: batch.has(WHOLE_CACHE) });
    },
  });
  const note = (path: string): void => {
    const change = cacheChangeAt(root, path);
    if (change !== undefined) batcher.add(change.kind === 'cache' ? WHOLE_CACHE : change.folder);
  };

  const watcher: FSWatcher = watch(dirname(root), {
    ignoreInitial: true,
    followSymlinks: true,
    persistent: true,
    ignorePermissionErrors: true,
    ignored: (path, stats) => isIgnoredCachePath(root, path, stats === undefined ? undefined : stats.isDirectory()),
  });
  // add/unlink/addDir/unlinkDir cover the watched skeleton; the raw events of a folder's watch
  // cover the files chokidar was told to skip (a snapshot's links, a ref rewritten in place).
  watcher.on('all', (_event, path) => note(path));
  watcher.on('raw', (_event, name, details) => {
    const watched = (details as { watchedPath?: unknown }).watchedPath;
    if (typeof watched !== 'string' || typeof name !== 'string' || name === '') return;
    note(basename(watched) === name ? watched : join(watched, name));
  });
  watcher.on('error', options.onError);
  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));

  return {
    ready,
    async close() {
      batcher.cancel();
      await watcher.close();
    },
  };
}
