import type { Store } from '../store/index.js';

/** Histories kept; each is one string per commit, so a few thousand-commit lists cost little. */
const DEFAULT_LISTS = 16;

/**
 * The ids of a head's history, newest first, remembered per head. A history never changes for a
 * given head, and clients page through it with `p` (Python fetches every page), so without this
 * each page would walk the history from the top again just to skip to its offset and count.
 */
export class CommitListCache {
  private readonly lists = new Map<string, readonly string[]>();

  constructor(
    private readonly store: Store,
    private readonly maxLists = DEFAULT_LISTS,
  ) {}

  history(head: string): readonly string[] {
    const cached = this.lists.get(head);
    if (cached) {
      this.lists.delete(head);
      this.lists.set(head, cached);
      return cached;
    }
    const oids: string[] = [];
    for (const commit of this.store.history(head)) oids.push(commit.oid);
    if (this.lists.size >= this.maxLists) {
      const oldest = this.lists.keys().next();
      if (!oldest.done) this.lists.delete(oldest.value);
    }
    this.lists.set(head, oids);
    return oids;
  }
}
