import { stat } from 'node:fs/promises';
import {
  createGcQueries, createGitPushesInFlightTable, createLfsPrunedTable, createTreeStatsTable, durableTransaction, type SweepCounts,
} from '../db/index.js';
import { markRetained } from './lfs-retention.js';
import { removeDeadHolds } from './push-hold.js';
import type { StoreContext } from './store-context.js';

export { markLive } from './mark-live.js';

export interface GcReport {
  readonly objectsRemoved: SweepCounts;
  readonly blobFilesRemoved: number;
  readonly bytesFreed: number;
  /** LFS objects removed because only versions beyond a repo's keep-versions limit used them. */
  readonly lfsVersionsPruned: number;
  /** Nothing was deleted: git pushes were receiving objects (see PushHold); the next run collects. */
  readonly deferredForPushes: boolean;
}

const NOTHING_REMOVED: SweepCounts = { commits: 0, trees: 0, blobs: 0, tags: 0 };

/**
 * Mark-and-sweep over the whole store: everything reachable from any ref of any repo is live;
 * older unreachable objects go, and so do blob files no git blob points at, or that only LFS
 * versions expired by a keep-versions policy point at. Objects younger than the grace period are
 * spared, because uploads and staged content exist before the commit that references them.
 * Nothing is deleted while a git push holds the store (PushHold) or when one starts meanwhile.
 */
export async function collectGarbage(ctx: StoreContext, graceMs: number): Promise<GcReport> {
  const queries = createGcQueries(ctx.db);
  const pruned = createLfsPrunedTable(ctx.db);
  const pushes = createGitPushesInFlightTable(ctx.db);
  const cutoff = ctx.now() - graceMs;
  const pushInFlight = (): boolean => pushes.liveSince(cutoff) > 0;
  // Mark and sweep in one write transaction: a commit cannot reuse an object between the two, and
  // a push registers its hold either before (seen here: nothing is deleted) or after the sweep
  // (it finds only what survived). Durable before any file goes, so that a power loss cannot bring
  // back rows whose files are gone.
  const swept = durableTransaction(ctx.db, () => {
    pushes.removeStale(cutoff);
    removeDeadHolds(pushes);
    if (pushInFlight()) return undefined;
    const mark = markRetained(ctx, cutoff);
    const removed = queries.sweep(mark.live, cutoff);
    createTreeStatsTable(ctx.db).pruneOrphans();
    return { objectsRemoved: removed, expiredLfs: mark.expiredLfs };
  });
  if (swept === undefined) return { objectsRemoved: NOTHING_REMOVED, blobFilesRemoved: 0, bytesFreed: 0, lfsVersionsPruned: 0, deferredForPushes: true };
  const { objectsRemoved, expiredLfs } = swept;

  const referenced = queries.referencedContent();
  let blobFilesRemoved = 0;
  let bytesFreed = 0;
  let lfsVersionsPruned = 0;
  for await (const blob of ctx.blobs.list()) {
    if (blob.mtimeMs >= cutoff) continue;
    const expired = expiredLfs.has(blob.sha256);
    if (expired) {
      // Re-check: a commit re-using this content touches the file before it references it.
      const current = await stat(ctx.blobs.pathOf(blob.sha256)).catch(() => undefined);
      if (!current || current.mtimeMs >= cutoff) continue;
    } else {
      if (referenced.has(blob.sha256)) continue;
      // Re-check: an upload or commit may have claimed it since the set was read.
      if (queries.isContentReferenced(blob.sha256)) continue;
    }
    // A push that started after the sweep may have found this file: it keeps it (see removeUnless).
    const keep = (): boolean => pushInFlight() || (!expired && queries.isContentReferenced(blob.sha256));
    if (!(await ctx.blobs.removeUnless(blob.sha256, keep).catch(() => false))) continue;
    if (expired) {
      pruned.add(blob.sha256, blob.size, ctx.now());
      lfsVersionsPruned++;
    }
    blobFilesRemoved++;
    bytesFreed += blob.size;
  }
  return { objectsRemoved, blobFilesRemoved, bytesFreed, lfsVersionsPruned, deferredForPushes: false };
}
