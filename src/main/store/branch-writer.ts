import { AppError } from '../../shared/errors.js';
import { commitMessage } from '../../shared/git-objects.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH, checkRefName } from '../../shared/ref-name.js';
import type { Author } from './commit-builder.js';
import { writeCommit } from './commit-builder.js';
import { resolveRevision } from './revisions.js';
import type { StoreContext } from './store-context.js';
import { TreeEditor } from './tree-editor.js';

export interface BranchOptions {
  /** Revision the branch starts at (default: the default branch). Ignored with `empty`. */
  readonly from?: string;
  /** Start the branch at a new parentless commit with no files. */
  readonly empty?: boolean;
  /** Move the branch if it exists instead of failing with 409. */
  readonly overwrite?: boolean;
  /** Author of the commit an empty branch starts with. */
  readonly author: Author;
}

/** Creates (or with `overwrite`, moves) a branch in one transaction; returns the commit it points at. */
export function writeBranch(ctx: StoreContext, repoId: number, branch: string, options: BranchOptions): string {
  checkRefName('branch', branch);
  const refName = BRANCH_PREFIX + branch;
  return ctx.db.transaction(() => {
    const current = ctx.refs.get(repoId, refName);
    if (current !== undefined && !options.overwrite) throw new AppError('Conflict', `Reference ${BRANCH_PREFIX}${branch} already exists`);
    const target = options.empty ? writeEmptyCommit(ctx, repoId, options.author) : resolveRevision(ctx, repoId, options.from ?? DEFAULT_BRANCH);
    if (current === undefined) ctx.refs.create(repoId, refName, target);
    else if (!ctx.refs.compareAndSwap(repoId, refName, current, target)) {
      throw new AppError('ParentCommitMismatch', 'The branch was updated since you opened this page. Please refresh and try again.');
    }
    return target;
  }).immediate();
}

function writeEmptyCommit(ctx: StoreContext, repoId: number, author: Author): string {
  const now = ctx.now();
  const tree = new TreeEditor(ctx.objects, undefined).write(now);
  const signature = { ...author, time: Math.floor(now / 1000), timezone: '+0000' };
  return writeCommit(
    ctx,
    repoId,
    { tree, parents: [], author: signature, committer: signature, message: commitMessage('Create empty branch') },
    now,
  );
}
