import { AppError } from '../../shared/errors.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH, TAG_PREFIX } from '../../shared/ref-name.js';
import { TREE_MODE, compareTreeEntries, parseCommit, serializeTree, type TreeEntry } from '../../shared/git-objects.js';
import { createGcQueries, createLfsObjectsQueries, createLfsPrunedTable } from '../db/index.js';
import { writeCommit } from './commit-builder.js';
import { hashGitObject } from './git-hash.js';
import { markLive } from './mark-live.js';
import type { StoreContext } from './store-context.js';
import { listEntries } from './tree-reader.js';

export interface LfsFile {
  readonly sha256: string;
  readonly size: number;
  /** The git blob id of its pointer file. */
  readonly pointerOid: string;
  /** A path that holds it in some commit. */
  readonly path: string;
  /** When it was first stored (milliseconds). */
  readonly pushedAt: number;
  /** A ref whose head holds it (main, other branches, tags, pull requests); null when only older commits do. */
  readonly ref: string | null;
}

export interface LfsDeletion {
  /** LFS objects whose content file was removed (content other repos still use stays). */
  readonly contentRemoved: number;
  /** Refs moved to rewritten history. */
  readonly refsRewritten: number;
}

/** Every LFS object in a repo's history (HF's `list_lfs_files`), newest first. */
export function listLfsFiles(ctx: StoreContext, repoId: number): LfsFile[] {
  const pruned = createLfsPrunedTable(ctx.db);
  // Objects deleted without rewriting history keep their pointers, but are gone.
  const rows = createLfsObjectsQueries(ctx.db)
    .filesOf(repoId)
    .filter((row) => !(pruned.has(row.sha256) && !ctx.blobs.has(row.sha256)));
  const refOf = new Map<string, string>();
  const refs = ctx.refs.list(repoId).sort((a, b) => refRank(a.name) - refRank(b.name) || a.name.localeCompare(b.name));
  for (const ref of refs) {
    const commit = ctx.objects.getCommit(ref.commit_oid);
    if (!commit) continue;
    for (const entry of listEntries(ctx, commit.tree_oid, '', true)) {
      if (entry.type === 'file' && entry.lfs && !refOf.has(entry.lfs.oid)) refOf.set(entry.lfs.oid, ref.name);
    }
  }
  return rows.map((row) => ({
    sha256: row.sha256,
    size: row.size,
    pointerOid: row.pointer_oid,
    path: row.path,
    pushedAt: row.created_at,
    ref: refOf.get(row.sha256) ?? null,
  }));
}

/**
 * Permanently deletes LFS objects of a repo (HF's `permanently_delete_lfs_files`). With
 * `rewriteHistory`, every ref of the repo moves to a copy of its history without the files that
 * point at them (commits keep their authors, dates and messages), in one transaction. Then the
 * content of each object goes, unless another repo's ref still reaches it (a shared file stays); an
 * object whose pointers remain in history is recorded as pruned, so downloads explain why it is gone.
 */
export async function deleteLfsFiles(
  ctx: StoreContext,
  repoId: number,
  sha256s: readonly string[],
  options: { readonly rewriteHistory: boolean },
): Promise<LfsDeletion> {
  const wanted = [...new Set(sha256s)];
  const queries = createLfsObjectsQueries(ctx.db);
  const referenced = queries.referencedBy(repoId, wanted);
  const unknown = wanted.find((sha256) => !referenced.has(sha256));
  if (unknown !== undefined) throw new AppError('EntryNotFound', `LFS object ${unknown} is not in this repository`);

  const sizes = new Map(queries.filesOf(repoId).map((row) => [row.sha256, row.size]));
  const refsRewritten = options.rewriteHistory
    ? ctx.db.transaction(() => rewriteWithout(ctx, repoId, new Set(queries.pointerBlobs(wanted)))).immediate()
    : 0;

  // Other repos may share the content (the same pointer blob, even); this repo's own pointers do
  // not keep it, but a regular file of it with the same bytes does.
  const { others, own } = ctx.db
    .transaction(() => {
      const heads = (ids: number[]) => ids.flatMap((id) => ctx.refs.list(id).map((ref) => ref.commit_oid));
      const otherIds = ctx.repos.list().map((repo) => repo.id).filter((id) => id !== repoId);
      return { others: markLive(ctx, heads(otherIds)), own: markLive(ctx, heads([repoId])) };
    })
    .immediate();
  const gc = createGcQueries(ctx.db);
  const pruned = createLfsPrunedTable(ctx.db);
  let contentRemoved = 0;
  for (const sha256 of wanted) {
    if (gc.blobsWithContent(sha256).some((blob) => others.has(blob.oid) || (!blob.isLfs && own.has(blob.oid)))) continue;
    if (!ctx.blobs.has(sha256)) continue;
    await ctx.blobs.remove(sha256);
    contentRemoved++;
    const size = sizes.get(sha256);
    if (size !== undefined) pruned.add(sha256, size, ctx.now());
  }
  return { contentRemoved, refsRewritten };
}

function refRank(name: string): number {
  if (name === `${BRANCH_PREFIX}${DEFAULT_BRANCH}`) return 0;
  if (name.startsWith(BRANCH_PREFIX)) return 1;
  if (name.startsWith(TAG_PREFIX)) return 2;
  return 3;
}

/** Moves every ref of the repo to history without entries pointing at `dropped` blobs; returns how many moved. */
function rewriteWithout(ctx: StoreContext, repoId: number, dropped: ReadonlySet<string>): number {
  const trees = new Map<string, string | undefined>();
  const commits = new Map<string, string>();
  const now = ctx.now();

  // The new id of a tree without the dropped files; undefined when nothing is left in it.
  const rewriteTree = (oid: string): string | undefined => {
    if (trees.has(oid)) return trees.get(oid);
    const entries: TreeEntry[] = [];
    let changed = false;
    for (const entry of ctx.objects.treeEntries(oid)) {
      if (entry.mode === TREE_MODE) {
        const next = rewriteTree(entry.oid);
        if (next !== entry.oid) changed = true;
        if (next !== undefined) entries.push({ name: entry.name, mode: TREE_MODE, oid: next });
      } else if (dropped.has(entry.oid)) {
        changed = true;
      } else {
        entries.push(entry as TreeEntry);
      }
    }
    const result = !changed ? oid : entries.length === 0 ? undefined : putTree(entries);
    trees.set(oid, result);
    return result;
  };
  const putTree = (entries: TreeEntry[]): string => {
    entries.sort(compareTreeEntries);
    const oid = hashGitObject('tree', serializeTree(entries));
    if (!ctx.objects.hasTree(oid)) ctx.objects.putTree(oid, entries, now);
    return oid;
  };

  // Parents before children, without recursion: histories can be long.
  const order: string[] = [];
  const seen = new Set<string>();
  const stack: Array<{ oid: string; expanded: boolean }> = ctx.refs.list(repoId).map((ref) => ({ oid: ref.commit_oid, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop() as { oid: string; expanded: boolean };
    if (top.expanded) {
      order.push(top.oid);
      continue;
    }
    if (seen.has(top.oid)) continue;
    seen.add(top.oid);
    const row = ctx.objects.getCommit(top.oid);
    if (!row) throw new Error(`corrupt store: missing commit ${top.oid}`);
    stack.push({ oid: top.oid, expanded: true });
    for (const parent of row.parents === '' ? [] : row.parents.split(' ')) if (!seen.has(parent)) stack.push({ oid: parent, expanded: false });
  }

  for (const oid of order) {
    const row = ctx.objects.getCommit(oid);
    if (!row) throw new Error(`corrupt store: missing commit ${oid}`);
    const parsed = parseCommit(row.raw);
    // A commit whose every file goes keeps an empty root tree, as git does.
    const tree = rewriteTree(parsed.tree) ?? putTree([]);
    const parents = parsed.parents.map((parent) => commits.get(parent) ?? parent);
    const same = tree === parsed.tree && parents.every((parent, i) => parent === parsed.parents[i]);
    const { author, committer, message } = parsed;
    commits.set(oid, same ? oid : writeCommit(ctx, repoId, { tree, parents, author, committer, message }, now));
  }

  // The replaced commits no longer belong to the repo: no revision resolves to them any more.
  for (const [old, next] of commits) if (next !== old) ctx.objects.removeRepoCommit(repoId, old);
  let moved = 0;
  for (const ref of ctx.refs.list(repoId)) {
    const next = commits.get(ref.commit_oid);
    if (next === undefined || next === ref.commit_oid) continue;
    if (!ctx.refs.compareAndSwap(repoId, ref.name, ref.commit_oid, next)) {
      throw new AppError('ParentCommitMismatch', 'The branch was updated since you opened this page. Please refresh and try again.');
    }
    moved++;
  }
  if (moved > 0) ctx.repos.touch(repoId, now);
  return moved;
}
