import { AppError } from '../../shared/errors.js';
import type { Store } from '../store/index.js';

export interface RevisionTarget {
  /** The revision as the client named it ("main", "refs/pr/1", a commit id). */
  readonly revision: string;
  /** The 40-hex commit it resolved to. */
  readonly commit: string;
  /** The repo path after the revision ("" when none). */
  readonly path: string;
}

/** Revisions sent raw may span this many segments ("refs/pr/1" is 3). */
const MAX_REVISION_SEGMENTS = 8;

/**
 * Splits decoded URL segments into a revision and a path, and resolves the revision. Python
 * percent-encodes a revision into one segment (`refs%2Fpr%2F1`); JS sends it raw
 * (`refs/pr/1/sub/dir`), so when the first segment does not resolve, longer prefixes are tried.
 */
export function resolveRevisionPath(store: Store, repoId: number, segments: readonly string[]): RevisionTarget {
  const limit = Math.min(segments.length, MAX_REVISION_SEGMENTS);
  for (let count = 1; count <= Math.max(limit, 1); count++) {
    const revision = segments.slice(0, count).join('/');
    try {
      const commit = store.resolveRevision(repoId, revision);
      return { revision, commit, path: segments.slice(count).join('/') };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'RevisionNotFound') throw error;
    }
  }
  const named = segments[0] === 'refs' ? segments.slice(0, 3).join('/') : (segments[0] ?? '');
  throw new AppError('RevisionNotFound', `Invalid rev id: ${named}`);
}
