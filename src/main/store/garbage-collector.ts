import { stat } from 'node:fs/promises';
import { createGcQueries, type SweepCounts, createLfsPrunedTable, createTreeStatsTable, durableTransaction } from '../db/index.js';
import { markRetained } from './lfs-retention.js';
import type { StoreContext } from './store-context.js';

export { markLive } from './mark-live.js';

export interface GcReport {
  readonly objectsRemoved: SweepCounts;
  readonly blobFilesRemoved: number;
  readonly bytesFreed: number;
  /** LFS objects removed because only versions beyond a repo's keep-versions limit used them. */
  readonly lfsVersionsPruned: number;
}

/**
 * Mark-and-sweep over the whole store: everything reachable from any ref of any repo is live;
 * older unreachable objects go, and so do blob files no git blob points at, or that only LFS
 * versions expired by a keep-versions policy point at. Objects younger than the grace period are
 * spared, because uploads and staged content exist before the commit that references them.
 */
export async function collectGarbage(ctx: StoreContext, graceMs: number): Promise<GcReport> {
  const queries = createGcQueries(ctx.db);
  const pruned = createLfsPrunedTable(ctx.db);
  const cutoff = ctx.now() - graceMs;
  // Mark and sweep in one write transaction: a commit cannot reuse an object between the two.
  // Durable before any file goes, so that a power loss cannot bring back rows whose files are gone.
  const { objectsRemoved, expiredLfs } = durableTransaction(ctx.db, () => {
    const mark = markRetained(ctx, cutoff);
    const removed = queries.sweep(mark.live, cutoff);
    createTreeStatsTable(ctx.db).pruneOrphans();
    return { objectsRemoved: removed, expiredLfs: mark.expiredLfs };
  });

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
    await ctx.blobs.remove(blob.sha256).catch(() => undefined);
    if (expired) {
      pruned.add(blob.sha256, blob.size, ctx.now());
      lfsVersionsPruned++;
    }
    blobFilesRemoved++;
    bytesFreed += blob.size;
  }
  return { objectsRemoved, blobFilesRemoved, bytesFreed, lfsVersionsPruned };
}
