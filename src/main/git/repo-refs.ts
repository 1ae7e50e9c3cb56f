import { BRANCH_PREFIX, DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { RepoRecord, Store } from '../store/index.js';
import { GitObjectSource } from './object-source.js';
import type { RepoView } from './pack-plan.js';

/** HEAD's target: every repo's default branch is `main`, as on huggingface.co. */
export const HEAD_TARGET = BRANCH_PREFIX + DEFAULT_BRANCH;

/**
 * A repo's refs as git lists them: full names (branches, tags, `refs/pr/N`) in bytewise order, with
 * HEAD's commit when its branch exists (an empty repo has no HEAD line). A tag ref pushed as an
 * annotated tag shows its tag object (`tags`), peeled (`^{}`, `peeled:`) to the ref's commit.
 */
export function repoView(store: Store, repo: RepoRecord): RepoView & { readonly head: string | undefined } {
  // Listed in SQLite's binary order of names: git's bytewise order.
  const refs = store.allRefs(repo.id);
  const head = refs.find((ref) => ref.name === HEAD_TARGET)?.commit;
  return { repo, store, source: new GitObjectSource(store), refs, head, tags: store.annotatedTags(repo.id) };
}
