import { TREE_MODE } from '../../shared/git-objects.js';
import type { StoreContext } from './store-context.js';

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
