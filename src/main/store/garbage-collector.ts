import { TREE_MODE } from '../../shared/git-objects.js';
import { createGcQueries, type SweepCounts } from '../db/gc-queries.js';
import type { StoreContext } from './store-context.js';

export interface GcReport {
  readonly objectsRemoved: SweepCounts;
  readonly blobFilesRemoved: number;
  readonly bytesFreed: number;
}

/**
 * Mark-and-sweep over the whole store: everything reachable from any ref of any repo is live;
 * older unreachable objects go, and so do blob files no git blob points at. Objects younger than
 * the grace period are spared, because uploads and staged content exist before the commit
 * that references them.
 */
export async function collectGarbage(ctx: StoreContext, graceMs: number): Promise<GcReport> {
  const queries = createGcQueries(ctx.db);
  const cutoff = ctx.now() - graceMs;
  // Mark and sweep in one write transaction: a commit cannot reuse an object between the two.
  const objectsRemoved = ctx.db
    .transaction(() => queries.sweep(markLive(ctx, ctx.refs.allTargets()), cutoff))
    .immediate();

  const referenced = queries.referencedContent();
  let blobFilesRemoved = 0;
  let bytesFreed = 0;
  for await (const blob of ctx.blobs.list()) {
    if (referenced.has(blob.sha256) || blob.mtimeMs >= cutoff) continue;
    // Re-check: an upload or commit may have claimed it since the set was read.
    if (queries.isContentReferenced(blob.sha256)) continue;
    await ctx.blobs.remove(blob.sha256).catch(() => undefined);
    blobFilesRemoved++;
    bytesFreed += blob.size;
  }
  return { objectsRemoved, blobFilesRemoved, bytesFreed };
}

/** Every commit, tree and blob id reachable from the given commits. */
export function markLive(ctx: StoreContext, roots: Iterable<string>): Set<string> {
  const live = new Set<string>();
  const commits = [...roots];
  const trees: string[] = [];
  while (commits.length > 0) {
    const oid = commits.pop() as string;
    if (live.has(oid)) continue;
    const commit = ctx.objects.getCommit(oid);
    if (!commit) continue;
    live.add(oid);
    trees.push(commit.tree_oid);
    if (commit.parents !== '') commits.push(...commit.parents.split(' '));
  }
  while (trees.length > 0) {
    const oid = trees.pop() as string;
    if (live.has(oid)) continue;
    live.add(oid);
    for (const entry of ctx.objects.treeEntries(oid)) {
      if (entry.mode === TREE_MODE) trees.push(entry.oid);
      else live.add(entry.oid);
    }
  }
  return live;
}
