import { AppError } from '../../shared/errors.js';
import { isOid } from '../../shared/git-objects.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH, TAG_PREFIX } from '../../shared/ref-name.js';
import type { StoreContext } from './store-context.js';

const SHORT_OID = /^[0-9a-f]{7,39}$/;

/**
 * Resolves a revision the way HF does: "HEAD" is the default branch; full ref names; a branch
 * before a tag of the same name; a full commit id that belongs to this repo, or a unique prefix
 * of one (7 or more hex digits).
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
    if (SHORT_OID.test(rev)) {
      const matches = ctx.objects.repoCommitsByPrefix(repoId, rev);
      if (matches.length === 1 && matches[0] !== undefined) return matches[0];
    }
  }
  throw new AppError('RevisionNotFound', `Invalid rev id: ${revision}`);
}
