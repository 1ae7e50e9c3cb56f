import { getCommitInfo, walkHistory, type CommitInfo } from './history.js';
import type { StoreContext } from './store-context.js';

/** Answers kept per (commit, path); enough for the pages a UI or client browses, small in memory. */
const DEFAULT_CACHE_ENTRIES = 100_000;

interface PendingFolder {
  readonly folder: string;
  /** Names in the folder still waiting for their last commit. */
  readonly names: Set<string>;
}

/**
 * Finds, for paths at a commit, the newest commit that changed each of them (the `lastCommit` of
 * HF's tree and paths-info listings). History is walked once for all paths; a commit is skipped
 * for a whole folder when that folder's tree oid equals the parent's, and answers are cached per
 * (commit, path) so a listing at a newer head stops as soon as it reaches a head already asked.
 */
export class LastCommitIndex {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly cacheEntries = DEFAULT_CACHE_ENTRIES,
  ) {}

  /** Path → last commit, for the paths that exist at `commitOid` (others are left out). */
  find(commitOid: string, paths: readonly string[]): Map<string, CommitInfo> {
    const found = new Map<string, string>();
    const pending = new Map<string, PendingFolder>();
    let pendingCount = 0;
    for (const path of new Set(paths)) {
      const cached = this.cache.get(cacheKey(commitOid, path));
      if (cached !== undefined) {
        found.set(path, cached);
        continue;
      }
      const slash = path.lastIndexOf('/');
      const folder = slash < 0 ? '' : path.slice(0, slash);
      let group = pending.get(folder);
      if (!group) pending.set(folder, (group = { folder, names: new Set() }));
      group.names.add(path.slice(slash + 1));
      pendingCount++;
    }
    if (pendingCount > 0) this.walk(commitOid, pending, pendingCount, found);
    return this.describe(found);
  }

  private walk(head: string, pending: Map<string, PendingFolder>, count: number, found: Map<string, string>): void {
    const trees = new TreeLookup(this.ctx);
    let remaining = count;
    const resolve = (group: PendingFolder, name: string, commit: string | undefined): void => {
      const path = group.folder === '' ? name : `${group.folder}/${name}`;
      if (commit !== undefined) {
        found.set(path, commit);
        this.remember(head, path, commit);
      }
      group.names.delete(name);
      remaining--;
    };
    for (const commit of walkHistory(this.ctx, head)) {
      const parents = commit.parents.map((oid) => trees.rootOf(oid));
      for (const group of pending.values()) {
        if (commit.oid !== head) {
          for (const name of group.names) {
            const cached = this.cache.get(cacheKey(commit.oid, group.folder === '' ? name : `${group.folder}/${name}`));
            if (cached !== undefined) resolve(group, name, cached);
          }
        }
        const here = trees.folder(commit.treeOid, group.folder);
        if (here === undefined) {
          // Only at the head can a folder be missing: these paths do not exist there.
          if (commit.oid === head) for (const name of group.names) resolve(group, name, undefined);
        } else {
          const before = parents.map((tree) => (tree === undefined ? undefined : trees.folder(tree, group.folder)));
          if (!before.includes(here)) {
            for (const name of group.names) {
              const oid = trees.child(here, name);
              // Unchanged by this commit when the same in any parent (git's TREESAME rule for merges).
              if (oid !== undefined && before.some((tree) => tree !== undefined && trees.child(tree, name) === oid)) continue;
              resolve(group, name, oid === undefined ? undefined : commit.oid);
            }
          }
        }
        if (group.names.size === 0) pending.delete(group.folder);
      }
      if (remaining === 0) return;
    }
  }

  private describe(found: Map<string, string>): Map<string, CommitInfo> {
    const infos = new Map<string, CommitInfo | undefined>();
    const result = new Map<string, CommitInfo>();
    for (const [path, oid] of found) {
      if (!infos.has(oid)) infos.set(oid, getCommitInfo(this.ctx, oid));
      const info = infos.get(oid);
      if (info) result.set(path, info);
    }
    return result;
  }

  private remember(head: string, path: string, commit: string): void {
    if (this.cache.size >= this.cacheEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(cacheKey(head, path), commit);
  }
}

function cacheKey(commit: string, path: string): string {
  return `${commit}\0${path}`;
}

/** Memoised tree lookups for one walk: trees never change, and consecutive commits share most of them. */
class TreeLookup {
  private readonly children = new Map<string, string | undefined>();
  private readonly folders = new Map<string, string | undefined>();

  private readonly roots = new Map<string, string | undefined>();

  constructor(private readonly ctx: StoreContext) {}

  rootOf(commitOid: string): string | undefined {
    if (this.roots.has(commitOid)) return this.roots.get(commitOid);
    const tree = this.ctx.objects.getCommit(commitOid)?.tree_oid;
    this.roots.set(commitOid, tree);
    return tree;
  }

  child(treeOid: string, name: string): string | undefined {
    const key = `${treeOid}\0${name}`;
    if (this.children.has(key)) return this.children.get(key);
    const oid = this.ctx.objects.treeEntryByName(treeOid, name)?.oid;
    this.children.set(key, oid);
    return oid;
  }

  folder(rootTree: string, folder: string): string | undefined {
    if (folder === '') return rootTree;
    const key = `${rootTree}\0${folder}`;
    if (this.folders.has(key)) return this.folders.get(key);
    const slash = folder.lastIndexOf('/');
    const parent = slash < 0 ? rootTree : this.folder(rootTree, folder.slice(0, slash));
    const oid = parent === undefined ? undefined : this.child(parent, folder.slice(slash + 1));
    this.folders.set(key, oid);
    return oid;
  }
}
