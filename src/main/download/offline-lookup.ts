import { stat } from 'node:fs/promises';
import type { RepoType } from '../../shared/repo-id.js';
import { isMissing, CacheLayout } from '../cache/index.js';

/** "Known to be absent at this commit": a `.no_exist` marker, what Python calls `_CACHED_NO_EXIST`. */
export const NO_EXIST: unique symbol = Symbol('hubkeeper.cache.noExist');
export type NoExist = typeof NO_EXIST;

export interface CacheLookupOptions {
  /** A branch, tag, `refs/pr/N` or commit; "main" by default. */
  readonly revision?: string;
  readonly repoType?: RepoType;
}

const COMMIT_RE = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

/**
 * The commit a revision stands for in the cache: a ref file's content, else the revision itself
 * when it is a commit id. Undefined when the cache cannot tell (an unknown branch).
 */
export async function resolveCachedCommit(cacheDir: string, repoId: string, options: CacheLookupOptions = {}): Promise<string | undefined> {
  const layout = new CacheLayout(cacheDir);
  const type = options.repoType ?? 'model';
  const revision = options.revision ?? 'main';
  const fromRef = await layout.readRef(type, repoId, revision);
  if (fromRef !== undefined) return fromRef;
  return COMMIT_RE.test(revision) ? revision : undefined;
}

/**
 * Python's `try_to_load_from_cache`: the cached file's path in `snapshots/<commit>/`, NO_EXIST
 * when a `.no_exist` marker says the file is absent at that commit, undefined when the cache
 * does not know. Never touches the network; never returns a different revision's file.
 */
export async function tryLoadFromCache(cacheDir: string, repoId: string, path: string, options: CacheLookupOptions = {}): Promise<string | NoExist | undefined> {
  const layout = new CacheLayout(cacheDir);
  const type = options.repoType ?? 'model';
  const commit = await resolveCachedCommit(cacheDir, repoId, options);
  if (commit === undefined) return undefined;
  if (await isFile(layout.noExistPath(type, repoId, commit, path))) return NO_EXIST;
  const cached = layout.snapshotPath(type, repoId, commit, path);
  return (await isFile(cached)) ? cached : undefined;
}

/** The snapshot folder of a revision, as `snapshot_download` finds it offline. */
export async function findCachedSnapshot(cacheDir: string, repoId: string, options: CacheLookupOptions = {}): Promise<{ commit: string; path: string } | undefined> {
  const layout = new CacheLayout(cacheDir);
  const commit = await resolveCachedCommit(cacheDir, repoId, options);
  if (commit === undefined) return undefined;
  const path = layout.snapshotDir(options.repoType ?? 'model', repoId, commit);
  try {
    return (await stat(path)).isDirectory() ? { commit, path } : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** A regular file, following symlinks: a link to a missing blob is not a cached file. */
async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
