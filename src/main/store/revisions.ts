import { AppError } from '../../shared/errors.js';
import { isOid } from '../../shared/git-objects.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH, TAG_PREFIX } from '../../shared/ref-name.js';
import type { StoreContext } from './store-context.js';

/**
 * Resolves a revision the way HF does: "HEAD" is the default branch; full ref names; a branch
 * before a tag of the same name; a full commit id that belongs to this repo.
 */
export function resolveRevision(ctx: StoreContext, repoId: number, revision: string): string {
  const rev = revision === 'HEAD' || revision === '' ? DEFAULT_BRANCH : revision;
  if (rev.startsWith('refs/')) {
    const target = ctx.refs.get(repoId, rev);
    if (target) return target;
  } else {
    const target = ctx.refs.get(repoId, BRANCH_PREFIX + rev) ?? ctx.refs.get(repoId, TAG_PREFIX + rev);
    if (target) return target;
    if (isOid(rev) && ctx.objects.repoHasCommit(repoId, rev)) return rev;
  }
  throw new AppError('RevisionNotFound', `Invalid rev id: ${revision}`);
}
