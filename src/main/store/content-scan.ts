import { GITLINK_MODE, TREE_MODE } from '../../shared/git-objects.js';
import { TAG_PREFIX } from '../../shared/ref-name.js';
import type { RefRow } from '../db/index.js';
import { walkHistory } from './history.js';
import { reachCommits } from './mark-live.js';
import type { StoreContext } from './store-context.js';

/** Content id → bytes. The id is the sha256 for LFS objects and the git blob oid for regular files. */
export type ContentSizes = Map<string, number>;

export interface ContentScan {
  /** Every commit, tree and blob oid reachable from the refs. */
  readonly reached: Set<string>;
  /** Content that stays: all of it without a keep-versions policy. */
  readonly kept: ContentSizes;
  /** LFS content (by sha256) only older versions refer to: collectable under the policy. */
  readonly expired: ContentSizes;
}

/**
 * Walks everything reachable from a repo's refs and sorts its content into kept and expired.
 * With `keepVersions` N, LFS content stays when a ref's head holds it or when it is one of the
 * N most recent versions of its path in a branch's history; every other LFS version expires.
 * Regular files always stay (git history needs them).
 */
export function scanRepoContent(ctx: StoreContext, refs: readonly RefRow[], keepVersions: number | null): ContentScan {
  const reached = new Set<string>();
  const kept: ContentSizes = new Map();
  const lfsInHistory: ContentSizes = new Map();

  walkNew(ctx, refs, reached, keepVersions === null ? kept : lfsInHistory, kept);
  if (keepVersions === null) return { reached, kept, expired: new Map() };

  const keepLfs = (sha256: string): void => {
    const size = lfsInHistory.get(sha256);
    if (size !== undefined) kept.set(sha256, size);
  };
  for (const ref of refs) {
    const head = ctx.objects.getCommit(ref.commit_oid);
    if (head) forEachLfsFile(ctx, head.tree_oid, new Set(), (_path, sha256) => keepLfs(sha256));
    if (!ref.name.startsWith(TAG_PREFIX)) {
      for (const sha256 of recentLfsVersions(ctx, ref.commit_oid, keepVersions)) keepLfs(sha256);
    }
  }
  const expired: ContentSizes = new Map();
  for (const [sha256, size] of lfsInHistory) if (!kept.has(sha256)) expired.set(sha256, size);
  return { reached, kept, expired };
}

/**
 * Extends a scan made without a keep-versions policy for the refs `before` to the refs `after`,
 * walking only commits and trees it has not reached yet, and adding to its sets in place. A repo
 * with thousands of commits is then not walked again whole after each commit (its usage is read
 * on every repo info request). Returns the bytes of the content added, or undefined, leaving the
 * scan as it was, when a head of `before` is no longer reached from `after` (a deleted ref, a
 * reset, a squash): content may have left, and only a full scan can tell.
 */
export function extendRepoContent(
  ctx: StoreContext,
  scan: Pick<ContentScan, 'reached' | 'kept'>,
  before: readonly RefRow[],
  after: readonly RefRow[],
): number | undefined {
  const reached = new Set<string>();
  const kept: ContentSizes = new Map();
  const stops = walkNew(ctx, after, reached, kept, kept, scan.reached);
  for (const ref of after) stops.add(ref.commit_oid);
  if (!before.every((ref) => stops.has(ref.commit_oid))) return undefined;
  for (const oid of reached) scan.reached.add(oid);
  let added = 0;
  for (const [id, size] of kept) {
    if (scan.kept.has(id)) continue;
    scan.kept.set(id, size);
    added += size;
  }
  return added;
}

/**
 * Walks the commits, trees and blobs reachable from `refs` that neither `reached` nor `known`
 * holds, adding them to `reached` and their content to `lfs` (LFS objects by sha256) or
 * `regular` (git blobs). Returns the commits of `known` where the walk stopped.
 */
function walkNew(
  ctx: StoreContext,
  refs: readonly RefRow[],
  reached: Set<string>,
  lfs: ContentSizes,
  regular: ContentSizes,
  known: ReadonlySet<string> = new Set(),
): Set<string> {
  const stops = new Set<string>();
  const stopAtKnown = (oid: string): boolean => {
    if (!known.has(oid)) return false;
    stops.add(oid);
    return true;
  };
  const trees = reachCommits(ctx, refs.map((ref) => ref.commit_oid), reached, stopAtKnown);
  while (trees.length > 0) {
    const oid = trees.pop() as string;
    if (reached.has(oid) || known.has(oid)) continue;
    reached.add(oid);
    for (const row of ctx.objects.treeEntriesWithBlobs(oid)) {
      if (row.mode === TREE_MODE) {
        trees.push(row.oid);
        continue;
      }
      if (row.mode === GITLINK_MODE) continue;
      reached.add(row.oid);
      if (row.lfs_oid !== null) lfs.set(row.lfs_oid, row.lfs_size ?? 0);
      else regular.set(row.oid, row.size ?? 0);
    }
  }
  return stops;
}

/** The LFS objects that are among the `limit` most recent versions of their path in a branch's history. */
function recentLfsVersions(ctx: StoreContext, head: string, limit: number): Set<string> {
  const versions = new Map<string, Set<string>>();
  // (folder path, tree oid) pairs already visited: an unchanged folder adds no new versions.
  const visited = new Set<string>();
  for (const commit of walkHistory(ctx, head)) {
    forEachLfsFile(ctx, commit.treeOid, visited, (path, sha256) => {
      let seen = versions.get(path);
      if (!seen) versions.set(path, (seen = new Set()));
      if (seen.size < limit) seen.add(sha256);
    });
  }
  const recent = new Set<string>();
  for (const seen of versions.values()) for (const sha256 of seen) recent.add(sha256);
  return recent;
}

function forEachLfsFile(
  ctx: StoreContext,
  rootTree: string,
  visited: Set<string>,
  visit: (path: string, sha256: string) => void,
): void {
  const pending: Array<{ oid: string; prefix: string }> = [{ oid: rootTree, prefix: '' }];
  while (pending.length > 0) {
    const { oid, prefix } = pending.pop() as { oid: string; prefix: string };
    const key = `${prefix}\0${oid}`;
    if (visited.has(key)) continue;
    visited.add(key);
    for (const row of ctx.objects.treeEntriesWithBlobs(oid)) {
      const path = prefix === '' ? row.name : `${prefix}/${row.name}`;
      if (row.mode === TREE_MODE) pending.push({ oid: row.oid, prefix: path });
      else if (row.lfs_oid !== null) visit(path, row.lfs_oid);
    }
  }
}
