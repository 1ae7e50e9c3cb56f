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

/** Whether a folder name in the cache is a repo's (`models--org--name`, ...). */
export function isRepoFolderName(name: string): boolean {
  return REPO_FOLDER.test(name);
}

/** Downloads in flight (`.incomplete`) and lock files say nothing about what the cache holds. */
export function isTransientName(name: string): boolean {
  return name.endsWith('.incomplete') || name.endsWith('.lock');
}

/**
 * Whether chokidar skips `path` (its `ignored`). It runs on the cache's parent folder so a deleted
 * and re-created cache is noticed; below it, it watches repo folders, their `refs/` tree and their
 * `snapshots/` folder (whose events name the revisions) — never a blob, and never the inside of
 * a revision: those folders hold one symlink per file, which chokidar would stat and resolve one
 * by one, so RevisionWatches watches them with plain folder watches.
 */
export function isIgnoredCachePath(root: string, path: string): boolean {
  const parts = partsBelow(root, path);
  if (parts === undefined) {
    // Above the cache: only the chain of folders leading to it.
    return partsBelow(path, root) === undefined;
  }
  const [folder, part, revision] = parts;
  if (folder === undefined) return false;
  if (!REPO_FOLDER.test(folder) || isTransientName(basename(path))) return true;
  if (part === undefined) return false;
  if (!WATCHED_REPO_PARTS.has(part)) return true;
  // refs/ entirely (refs are small files); of snapshots/, the folder itself only.
  return part === 'snapshots' && revision !== undefined;
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
