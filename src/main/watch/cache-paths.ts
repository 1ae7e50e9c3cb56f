import { basename, isAbsolute, relative, sep } from 'node:path';

/** A cache repo folder: `models--org--name`, `datasets--…`, `spaces--…`. */
const REPO_FOLDER = /^(models|datasets|spaces)--./;
/** The levels of a repo folder the Library reads; `blobs/` and `.no_exist/` are never watched. */
const WATCHED_REPO_PARTS: ReadonlySet<string> = new Set(['refs', 'snapshots']);

/** What a change at a path means for the Library: the whole cache, one repo folder, or nothing. */
export type CacheChange = { readonly kind: 'cache' } | { readonly kind: 'repo'; readonly folder: string } | undefined;

/** The parts of `path` below `root`, or undefined when it is not inside (nor `root` itself). */
function partsBelow(root: string, path: string): readonly string[] | undefined {
  const rel = relative(root, path);
  if (rel === '') return [];
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep);
}

/** Downloads in flight (`.incomplete`) and lock files say nothing about what the cache holds. */
export function isTransientName(name: string): boolean {
  return name.endsWith('.incomplete') || name.endsWith('.lock');
}

/**
 * Whether the watcher skips `path` (chokidar's `ignored`). The watcher runs on the cache's parent
 * folder so a deleted and re-created cache is noticed; below it, only repo folders, their `refs/`
 * tree and the folders of `snapshots/` are watched — never a blob, and no snapshot file gets a
 * watch of its own (its folder's watch reports it). `isDirectory` is unknown on a first look.
 */
export function isIgnoredCachePath(root: string, path: string, isDirectory: boolean | undefined): boolean {
  const parent = partsBelow(root, path);
  if (parent === undefined) {
    // Above the cache: only the chain of folders leading to it.
    return partsBelow(path, root) === undefined;
  }
  const [folder, part, revision] = parent;
  if (folder === undefined) return false;
  if (!REPO_FOLDER.test(folder) || isTransientName(basename(path))) return true;
  if (part === undefined) return false;
  if (!WATCHED_REPO_PARTS.has(part)) return true;
  if (part === 'refs' || revision === undefined) return false;
  // Inside a snapshot: folders only (a file is seen through its folder's watch).
  return isDirectory === false;
}

/** What a file-system event at `path` changed, for the Library. */
export function cacheChangeAt(root: string, path: string): CacheChange {
  const parts = partsBelow(root, path);
  if (parts === undefined) return partsBelow(path, root) === undefined ? undefined : { kind: 'cache' };
  const [folder, part] = parts;
  if (folder === undefined) return { kind: 'cache' };
  if (!REPO_FOLDER.test(folder) || isTransientName(basename(path))) return undefined;
  if (part !== undefined && !WATCHED_REPO_PARTS.has(part)) return undefined;
  return { kind: 'repo', folder };
}
