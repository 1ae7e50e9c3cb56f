import { AppError } from '../../shared/errors.js';
import { TREE_MODE } from '../../shared/git-objects.js';
import { lfsPointerSize } from '../../shared/lfs-pointer.js';
import type { TreeEntryTuple } from '../db/index.js';
import type { StoreContext } from './store-context.js';

export interface FileEntryInfo {
  readonly type: 'file';
  readonly path: string;
  readonly mode: string;
  /** Git blob oid (of the pointer text for LFS files). */
  readonly oid: string;
  /** Real content size (the LFS object's size for LFS files). */
  readonly size: number;
  readonly lfs?: { readonly oid: string; readonly size: number; readonly pointerSize: number };
}

export interface FolderEntryInfo {
  readonly type: 'directory';
  readonly path: string;
  readonly oid: string;
}

export type EntryInfo = FileEntryInfo | FolderEntryInfo;

/** Finds the entry at `path` in a tree ("" is the root folder itself). */
export function findEntry(ctx: StoreContext, rootTree: string, path: string): EntryInfo | undefined {
  if (path === '') return { type: 'directory', path: '', oid: rootTree };
  let treeOid = rootTree;
  const segments = path.split('/');
  for (let i = 0; i < segments.length; i++) {
    const row = ctx.objects.treeEntryByName(treeOid, segments[i] as string);
    if (!row) return undefined;
    if (i === segments.length - 1) return toEntry(path, row.mode, row.oid, row.size, row.lfs_oid, row.lfs_size);
    if (row.mode !== TREE_MODE) return undefined;
    treeOid = row.oid;
  }
  return undefined;
}

/**
 * Lists a folder at a tree: its direct children, or with `recursive` every file and folder below
 * it (each folder before its contents, in git order). With `after` (a path this listing returned
 * before), it resumes right after that entry without re-reading what came before, which is what
 * makes paging a 100,000-file tree cheap.
 */
export function* listEntries(
  ctx: StoreContext,
  rootTree: string,
  path: string,
  recursive: boolean,
  after?: string,
  limit = Number.POSITIVE_INFINITY,
): Generator<EntryInfo> {
  const folder = findEntry(ctx, rootTree, path);
  if (!folder) throw new AppError('EntryNotFound', `${path} does not exist`);
  if (folder.type !== 'directory') throw new AppError('EntryNotFound', `${path} is a file, not a folder`);
  let resume: string[] | undefined;
  if (after !== undefined) {
    const prefix = path === '' ? '' : `${path}/`;
    if (!after.startsWith(prefix) || after.length === prefix.length) throw new AppError('BadRequest', 'Invalid cursor');
    resume = after.slice(prefix.length).split('/');
    if (!recursive && resume.length > 1) throw new AppError('BadRequest', 'Invalid cursor');
  }
  yield* walk(ctx, folder.oid, path, recursive, { remaining: limit }, resume);
}

const PAGE_ROWS = 1000;

/** How many entries the listing may still yield; batches never read rows past it. */
interface Budget {
  remaining: number;
}

function* walk(
  ctx: StoreContext,
  treeOid: string,
  prefix: string,
  recursive: boolean,
  budget: Budget,
  resume?: string[],
): Generator<EntryInfo> {
  let pos = 0;
  if (resume && resume.length > 0) {
    const [name, ...rest] = resume as [string, ...string[]];
    const row = ctx.objects.treeEntryByName(treeOid, name);
    if (!row) throw new AppError('BadRequest', 'Invalid cursor');
    const path = prefix ? `${prefix}/${name}` : name;
    if (rest.length > 0) {
      if (row.mode !== TREE_MODE) throw new AppError('BadRequest', 'Invalid cursor');
      yield* walk(ctx, row.oid, path, recursive, budget, rest);
    } else if (recursive && row.mode === TREE_MODE) {
      yield* walk(ctx, row.oid, path, recursive, budget);
    }
    pos = row.pos + 1;
  }
  while (budget.remaining > 0) {
    const batch = Math.min(PAGE_ROWS, budget.remaining);
    const rows = ctx.objects.treeEntryTuples(treeOid, pos, batch);
    for (const [name, mode, oid, size, lfsOid, lfsSize] of rows) {
      if (budget.remaining <= 0) return;
      const path = prefix ? `${prefix}/${name}` : name;
      budget.remaining--;
      yield toEntry(path, mode, oid, size, lfsOid, lfsSize);
      if (recursive && mode === TREE_MODE) yield* walk(ctx, oid, path, true, budget);
    }
    if (rows.length < batch) return;
    pos = (rows[rows.length - 1] as TreeEntryTuple)[6] + 1;
  }
}

function toEntry(
  path: string,
  mode: string,
  oid: string,
  size: number | null,
  lfsOid: string | null,
  lfsSize: number | null,
): EntryInfo {
  if (mode === TREE_MODE) return { type: 'directory', path, oid };
  if (size === null) throw new Error(`corrupt store: blob ${oid} of ${path} is missing`);
  if (lfsOid !== null && lfsSize !== null) {
    return { type: 'file', path, mode, oid, size: lfsSize, lfs: { oid: lfsOid, size: lfsSize, pointerSize: lfsPointerSize(lfsSize) } };
  }
  return { type: 'file', path, mode, oid, size };
}
