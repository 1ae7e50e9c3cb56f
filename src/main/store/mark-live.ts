import { TREE_MODE } from '../../shared/git-objects.js';
import type { StoreContext } from './store-context.js';

/** Every commit, tree and blob id reachable from the given commits. */
export function markLive(ctx: StoreContext, roots: Iterable<string>): Set<string> {
  const live = new Set<string>();
  const trees = reachCommits(ctx, roots, live);
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

/**
 * Adds the stored commits reachable from `roots` to `reached`, following parents, and returns their
 * root trees. A commit already in `reached`, missing from the store, or for which `stopAt` says so
 * is not followed.
 */
export function reachCommits(ctx: StoreContext, roots: Iterable<string>, reached: Set<string>, stopAt: (oid: string) => boolean = () => false): string[] {
  const commits = [...roots];
  const trees: string[] = [];
  while (commits.length > 0) {
    const oid = commits.pop() as string;
    if (stopAt(oid) || reached.has(oid)) continue;
    const commit = ctx.objects.getCommit(oid);
    if (!commit) continue;
    reached.add(oid);
    trees.push(commit.tree_oid);
    if (commit.parents !== '') commits.push(...commit.parents.split(' '));
  }
  return trees;
}
