import { AppError } from '../../shared/errors.js';
import { commitMessage } from '../../shared/git-objects.js';
import type { Author } from './commit-builder.js';
import { writeCommit } from './commit-builder.js';
import type { StoreContext } from './store-context.js';
import { mergeBase, sameState, treeChanges, treeOfCommit } from './tree-changes.js';
import { TreeEditor } from './tree-editor.js';

export type MergePlan =
  /** The pull request's commits are already in the base branch. */
  | { readonly kind: 'up-to-date' }
  | { readonly kind: 'fast-forward' }
  | { readonly kind: 'merge'; readonly base: string }
  | { readonly kind: 'conflict'; readonly files: readonly string[] };

/** How a pull request's head would merge into the base branch's head. */
export function planMerge(ctx: StoreContext, baseHead: string, prHead: string): MergePlan {
  const base = mergeBase(ctx, baseHead, prHead);
  if (base === prHead) return { kind: 'up-to-date' };
  if (base === baseHead) return { kind: 'fast-forward' };
  if (base === undefined) return { kind: 'conflict', files: [...treeChanges(ctx, treeOfCommit(ctx, baseHead), treeOfCommit(ctx, prHead)).keys()] };
  const ours = treeChanges(ctx, treeOfCommit(ctx, base), treeOfCommit(ctx, baseHead));
  const theirs = treeChanges(ctx, treeOfCommit(ctx, base), treeOfCommit(ctx, prHead));
  const files = [...theirs].filter(([path, state]) => ours.has(path) && !sameState(ours.get(path), state)).map(([path]) => path);
  return files.length > 0 ? { kind: 'conflict', files } : { kind: 'merge', base };
}

/**
 * Writes the merge commit of a planned three-way merge: the base branch's tree with the pull
 * request's changes applied, parents [baseHead, prHead]. Call inside the merge's transaction.
 */
export function writeMergeCommit(
  ctx: StoreContext,
  repoId: number,
  plan: { readonly base: string },
  heads: { readonly baseHead: string; readonly prHead: string },
  author: Author,
  title: string,
): string {
  const editor = new TreeEditor(ctx.objects, treeOfCommit(ctx, heads.baseHead));
  for (const [path, state] of treeChanges(ctx, treeOfCommit(ctx, plan.base), treeOfCommit(ctx, heads.prHead))) {
    try {
      if (state) editor.setFile(path, state.oid, state.mode);
      else editor.deleteFile(path);
    } catch (error) {
      // A file on one side where the other has a folder.
      if (error instanceof AppError) throw new AppError('Conflict', `Merge conflict in ${path}: ${error.message}`, { files: path });
      throw error;
    }
  }
  const now = ctx.now();
  const signature = { ...author, time: Math.floor(now / 1000), timezone: '+0000' };
  return writeCommit(
    ctx,
    repoId,
    { tree: editor.write(now), parents: [heads.baseHead, heads.prHead], author: signature, committer: signature, message: commitMessage(title) },
    now,
  );
}
