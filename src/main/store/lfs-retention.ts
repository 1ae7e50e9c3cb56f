import { createGcQueries } from '../db/index.js';
import { scanRepoContent, type ContentSizes } from './content-scan.js';
import { markLive } from './mark-live.js';
import { parseRepoOptions } from './repo-options.js';
import type { StoreContext } from './store-context.js';

export interface RetentionMark {
  /** Every object reachable from any ref: nothing in it may be swept. */
  readonly live: Set<string>;
  /** LFS content (sha256 → size) whose file may go although pointers to it remain in history. */
  readonly expiredLfs: ContentSizes;
}

/**
 * The garbage collector's mark phase with keep-versions policies: all objects reachable from any
 * ref stay (history must stay cloneable), but LFS content that only expired versions refer to
 * is released, unless anything else needs it: a ref head or a recent version in any repo,
 * a repo without a policy, a regular file with the same bytes, or an object younger than the
 * grace period (an upload or commit in flight). Run it inside the GC's write transaction.
 */
export function markRetained(ctx: StoreContext, cutoff: number): RetentionMark {
  const plainRoots: string[] = [];
  const policyRepos: Array<{ id: number; keep: number }> = [];
  for (const repo of ctx.repos.list()) {
    const keep = parseRepoOptions(repo.settings).lfsKeepVersions;
    if (keep === null) plainRoots.push(...ctx.refs.list(repo.id).map((ref) => ref.commit_oid));
    else policyRepos.push({ id: repo.id, keep });
  }
  const plainLive = markLive(ctx, plainRoots);
  if (policyRepos.length === 0) return { live: plainLive, expiredLfs: new Map() };

  const policyReached = new Set<string>();
  const keptLfs = new Set<string>();
  const candidates: ContentSizes = new Map();
  for (const repo of policyRepos) {
    const scan = scanRepoContent(ctx, ctx.refs.list(repo.id), repo.keep);
    for (const oid of scan.reached) policyReached.add(oid);
    for (const id of scan.kept.keys()) keptLfs.add(id);
    for (const [sha256, size] of scan.expired) candidates.set(sha256, size);
  }

  const queries = createGcQueries(ctx.db);
  const expiredLfs: ContentSizes = new Map();
  for (const [sha256, size] of candidates) {
    if (keptLfs.has(sha256)) continue;
    const needed = queries.blobsWithContent(sha256).some(
      (blob) =>
        blob.createdAt >= cutoff ||
        plainLive.has(blob.oid) ||
        (!blob.isLfs && policyReached.has(blob.oid)),
    );
    if (!needed) expiredLfs.set(sha256, size);
  }
  for (const oid of policyReached) plainLive.add(oid);
  return { live: plainLive, expiredLfs };
}
