import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { RepoRecord, Store } from '../store/index.js';

export interface RepoUsage {
  readonly sizeOnDisk: number;
  readonly files: number;
}

/**
 * Sizes of local hub repos: the store's unique-content usage (history included), and the file
 * count of the default branch; plus what deleting one ref would give back.
 */
export class HubUsage {
  constructor(private readonly store: Store) {}

  of(repo: RepoRecord): RepoUsage {
    const refs = this.store.listRefs(repo.id);
    const head = refs.branches.find((ref) => ref.name === DEFAULT_BRANCH) ?? refs.branches[0] ?? refs.tags[0];
    const tree = head === undefined ? undefined : this.store.getCommit(head.commit)?.treeOid;
    return { sizeOnDisk: this.store.repoUsage(repo.id), files: tree === undefined ? 0 : this.store.folderStats(tree).files };
  }

  /** Bytes held only by `commit`'s files and by none of `others` (in this repo): an upper bound of what deleting it frees. */
  exclusive(commit: string, others: readonly string[]): RepoUsage {
    const shared = new Set<string>();
    for (const other of others) for (const file of this.files(other)) shared.add(file.key);
    let sizeOnDisk = 0;
    let files = 0;
    const seen = new Set<string>();
    for (const file of this.files(commit)) {
      if (shared.has(file.key) || seen.has(file.key)) continue;
      seen.add(file.key);
      sizeOnDisk += file.size;
      files++;
    }
    return { sizeOnDisk, files };
  }

  private *files(commit: string): Generator<{ key: string; size: number }> {
    for (const entry of this.store.listTree(commit, '', { recursive: true })) {
      if (entry.type === 'file') yield { key: entry.lfs?.oid ?? entry.oid, size: entry.size };
    }
  }
}
