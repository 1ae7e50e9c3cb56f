import type { TreeEntryMode } from '../../shared/git-objects.js';
import type { StoreContext } from './store-context.js';
import { TreeEditor } from './tree-editor.js';

export interface FileState {
  readonly mode: TreeEntryMode;
  readonly oid: string;
}

/** Every file of a tree by path. */
export function filesOfTree(ctx: StoreContext, treeOid: string): Map<string, FileState> {
  return new Map(new TreeEditor(ctx.objects, treeOid).filesUnder('').map((file) => [file.path, { mode: file.mode, oid: file.oid }]));
}

/** Paths that differ between two trees, with their state in `to` (undefined: deleted), sorted by path. */
export function treeChanges(ctx: StoreContext, fromTree: string, toTree: string): Map<string, FileState | undefined> {
  const changes = new Map<string, FileState | undefined>();
  if (fromTree === toTree) return changes;
  const before = filesOfTree(ctx, fromTree);
  const after = filesOfTree(ctx, toTree);
  for (const [path, state] of after) {
    const old = before.get(path);
    if (!old || old.oid !== state.oid || old.mode !== state.mode) changes.set(path, state);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.set(path, undefined);
  return new Map([...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function sameState(a: FileState | undefined, b: FileState | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.oid === b.oid && a.mode === b.mode);
}

/** The nearest common ancestor of two commits (breadth first from `b`), or undefined for unrelated histories. */
export function mergeBase(ctx: StoreContext, a: string, b: string): string | undefined {
  const ancestorsOfA = new Set<string>();
  const queue = [a];
  while (queue.length > 0) {
    const oid = queue.pop() as string;
    if (ancestorsOfA.has(oid)) continue;
    ancestorsOfA.add(oid);
    queue.push(...parentsOf(ctx, oid));
  }
  const seen = new Set<string>();
  const frontier = [b];
  for (let index = 0; index < frontier.length; index++) {
    const oid = frontier[index] as string;
    if (ancestorsOfA.has(oid)) return oid;
    for (const parent of parentsOf(ctx, oid)) {
      if (!seen.has(parent)) {
        seen.add(parent);
        frontier.push(parent);
      }
    }
  }
  return undefined;
}

function parentsOf(ctx: StoreContext, oid: string): string[] {
  const parents = ctx.objects.getCommit(oid)?.parents ?? '';
  return parents === '' ? [] : parents.split(' ');
}

export function treeOfCommit(ctx: StoreContext, oid: string): string {
  const commit = ctx.objects.getCommit(oid);
  if (!commit) throw new Error(`corrupt store: missing commit ${oid}`);
  return commit.tree_oid;
}
