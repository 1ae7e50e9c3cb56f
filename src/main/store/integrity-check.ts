import { stat } from 'node:fs/promises';
import { TREE_MODE } from '../../shared/git-objects.js';
import { createLfsPrunedTable } from '../db/index.js';
import type { StoreContext } from './store-context.js';

export interface IntegrityReport {
  readonly commits: number;
  readonly trees: number;
  readonly blobs: number;
  readonly problems: readonly string[];
}

/**
 * Walks everything reachable from every ref and checks that each object and each content
 * file exists with the recorded size (our `git fsck`). With `rehash`, blob files are re-hashed.
 */
export async function checkIntegrity(
  ctx: StoreContext,
  options: { rehash?: (path: string) => Promise<string> } = {},
): Promise<IntegrityReport> {
  const problems: string[] = [];
  const seen = new Set<string>();
  const blobs = new Set<string>();
  let commits = 0;
  let trees = 0;
  const pendingCommits = ctx.refs.allTargets();
  const pendingTrees: string[] = [];
  while (pendingCommits.length > 0) {
    const oid = pendingCommits.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const commit = ctx.objects.getCommit(oid);
    if (!commit) {
      problems.push(`missing commit ${oid}`);
      continue;
    }
    commits++;
    pendingTrees.push(commit.tree_oid);
    if (commit.parents !== '') pendingCommits.push(...commit.parents.split(' '));
  }
  while (pendingTrees.length > 0) {
    const oid = pendingTrees.pop() as string;
    if (seen.has(oid)) continue;
    seen.add(oid);
    if (!ctx.objects.hasTree(oid)) {
      problems.push(`missing tree ${oid}`);
      continue;
    }
    trees++;
    for (const entry of ctx.objects.treeEntries(oid)) {
      if (entry.mode === TREE_MODE) pendingTrees.push(entry.oid);
      else blobs.add(entry.oid);
    }
  }
  const pruned = createLfsPrunedTable(ctx.db);
  for (const oid of blobs) {
    const row = ctx.objects.getBlobMeta(oid);
    if (!row) {
      problems.push(`missing blob ${oid}`);
      continue;
    }
    const contentSha = row.lfs_oid ?? (row.sha256 !== null && row.inline === 0 ? row.sha256 : undefined);
    if (contentSha === undefined) continue;
    const expectedSize = row.lfs_size ?? row.size;
    const path = ctx.blobs.pathOf(contentSha);
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      // LFS versions released by a keep-versions policy are gone on purpose.
      if (row.lfs_oid === null || !pruned.has(contentSha)) problems.push(`missing content file ${contentSha} of blob ${oid}`);
    } else if (info.size !== expectedSize) problems.push(`content file ${contentSha} has ${info.size} bytes, expected ${expectedSize}`);
    else if (options.rehash && (await options.rehash(path)) !== contentSha) problems.push(`content file ${contentSha} is corrupt`);
  }
  return { commits, trees, blobs: blobs.size, problems };
}
