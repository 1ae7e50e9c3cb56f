import { basename, dirname, join, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { cacheChangeAt, isIgnoredCachePath, isRepoFolderName } from './cache-paths.js';
import { createChangeBatcher } from './change-batcher.js';
import { listRevisionFolders, RevisionWatches } from './revision-watches.js';

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
 * Watches an HF cache for what Python, `hf`, another HubKeeper or a person does to it. Only
 * folders are watched (repo folders, `refs/`, `snapshots/` and the folders of each revision),
 * through inotify-style watches: nothing is polled and no file is stat'ed, so a large cache costs
 * nothing at rest. The watch is set on the cache's parent so a cache folder that is deleted, moved
 * away or re-created is seen.
 */
export function watchCacheFolder(options: CacheWatcherOptions): CacheWatcher {
  const root = resolve(options.dir);
  let closed = false;
  const note = (path: string): void => {
    const change = cacheChangeAt(root, path);
    if (change !== undefined) batcher.add(change.kind === 'cache' ? WHOLE_CACHE : change.folder);
  };
  const revisions = new RevisionWatches(note, options.onError);
  // New revisions get their watches before the update goes out, so the Library's rescan that
  // follows sees everything written before the watch, and the watch everything after.
  const syncRevisions = async (): Promise<void> => revisions.sync(await listRevisionFolders(root, isRepoFolderName));
  const batcher = createChangeBatcher<string>({
    quietMs: options.quietMs ?? 200,
    maxWaitMs: options.maxWaitMs ?? 1000,
    flush: (batch) => {
      const folders = [...batch].filter((folder) => folder !== WHOLE_CACHE).sort();
      syncRevisions().then(
        () => closed || options.onUpdate({ folders, wholeCache: batch.has(WHOLE_CACHE) }),
        options.onError,
      );
    },
  });

  const watcher: FSWatcher = watch(dirname(root), {
    ignoreInitial: true,
    followSymlinks: true,
    persistent: true,
    ignorePermissionErrors: true,
    ignored: (path) => isIgnoredCachePath(root, path),
  });
  // add/unlink/addDir/unlinkDir cover the watched skeleton; the raw events of a folder's watch
  // cover what chokidar was told to skip (a revision coming or going under snapshots/).
  watcher.on('all', (_event, path) => note(path));
  watcher.on('raw', (_event, name, details) => {
    const watched = (details as { watchedPath?: unknown }).watchedPath;
    if (typeof watched !== 'string' || typeof name !== 'string' || name === '') return;
    note(basename(watched) === name ? watched : join(watched, name));
  });
  watcher.on('error', options.onError);
  const ready = new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady())).then(syncRevisions);

  return {
    ready,
    async close() {
      closed = true;
      batcher.cancel();
      revisions.close();
      await watcher.close();
    },
  };
}
