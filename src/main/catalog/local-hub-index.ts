import { BRANCH_PREFIX, TAG_PREFIX } from '../../shared/ref-name.js';
import { createCatalogFoldersTable, createCatalogReposTable, type CatalogEntryRow, type CatalogRepoRow, type Db } from '../db/index.js';
import type { RefsListener, RepoName, RepoRecord, Store } from '../store/index.js';
import { ALL_REFS, refsMatch } from './tracked-repo.js';

/** The endpoint of the local hub's repos in the catalog. */
export const LOCAL_HUB = 'local';

/** Folders of the local hub are its git trees: their oid is their digest, apart from content digests. */
const TREE_DIGEST_PREFIX = 'git:';

export interface LocalHubIndexOptions {
  readonly db: Db;
  readonly store: Store;
  readonly now?: () => number;
}

export interface BackfillReport {
  readonly repos: number;
  /** Commits indexed now (those indexed before cost nothing). */
  readonly indexed: number;
  /** Catalog rows of repos that no longer exist, dropped. */
  readonly dropped: number;
}

/**
 * Keeps every repo of the local hub in the catalog, all refs current, without refreshes: as a
 * store listener it indexes each commit inside the transaction that moves the ref. A folder is a
 * git tree stored once by its oid, so a commit costs only the trees it adds.
 */
export class LocalHubIndex implements RefsListener {
  private readonly repos;
  private readonly folders;
  private readonly now: () => number;

  constructor(private readonly options: LocalHubIndexOptions) {
    this.repos = createCatalogReposTable(options.db);
    this.folders = createCatalogFoldersTable(options.db);
    this.now = options.now ?? Date.now;
  }

  /** Listens to the store from now on. */
  attach(): this {
    this.options.store.onRefsChanged(this);
    return this;
  }

  /**
   * Brings the catalog up to date with the store (once, as the server starts): only commits not
   * indexed yet cost anything. One transaction per repo, yielding to the event loop in between,
   * so requests are served meanwhile (the listener keeps repos committed to meanwhile exact).
   * With `signal` aborted, it stops after the current repo.
   */
  async backfill(signal?: AbortSignal): Promise<BackfillReport> {
    const { db, store } = this.options;
    let indexed = 0;
    const ids = store.listRepos().map((repo) => repo.id);
    for (const id of ids) {
      if (signal?.aborted) return { repos: ids.length, indexed, dropped: 0 };
      await new Promise((resolve) => setImmediate(resolve));
      indexed += db
        .transaction(() => {
          // Read again inside the transaction: the repo may have moved or gone meanwhile.
          const repo = store.getRepoById(id);
          return repo === undefined ? 0 : this.sync(repo);
        })
        .immediate();
    }
    const dropped = db
      .transaction(() => {
        const existing = new Set(store.listRepos().map((repo) => rowKey(repo.type, repo.fullName)));
        const stale = this.repos.list().filter((row) => row.source === 'hub' && !existing.has(rowKey(row.type, row.repo_id)));
        for (const row of stale) this.repos.remove(row.id);
        if (stale.length > 0) this.folders.sweep();
        return stale.length;
      })
      .immediate();
    return { repos: ids.length, indexed, dropped };
  }

  refsChanged(repoId: number): void {
    const repo = this.options.store.getRepoById(repoId);
    if (repo) this.sync(repo);
  }

  repoMoved(repoId: number, from: RepoName): void {
    const repo = this.options.store.getRepoById(repoId);
    if (!repo) return;
    const row = this.row(from.type, `${from.namespace}/${from.name}`);
    if (row === undefined) {
      this.sync(repo);
      return;
    }
    // A row left at the new name by a repo deleted while no index listened.
    const left = this.row(repo.type, repo.fullName);
    if (left !== undefined) this.repos.remove(left.id);
    this.repos.rename(row.id, repo.fullName);
  }

  repoDeleted(repo: RepoName): void {
    const row = this.row(repo.type, `${repo.namespace}/${repo.name}`);
    if (row === undefined) return;
    this.repos.remove(row.id);
    this.folders.sweep();
  }

  /** Makes the repo's catalog refs exactly its refs, indexing commits not seen before; returns how many. */
  private sync(repo: RepoRecord): number {
    const rowId =
      this.row(repo.type, repo.fullName)?.id ??
      this.repos.add({ source: 'hub', endpoint: LOCAL_HUB, type: repo.type, repoId: repo.fullName, revision: ALL_REFS, everyMs: null, now: this.now() });
    const refs = this.options.store.allRefs(repo.id);
    const branches = new Set(refs.filter((ref) => ref.name.startsWith(BRANCH_PREFIX)).map((ref) => ref.name.slice(BRANCH_PREFIX.length)));
    const current = new Map<string, string>();
    let indexed = 0;
    for (const ref of refs) {
      current.set(catalogRefName(ref.name, branches), ref.commit);
      if (this.repos.revision(rowId, ref.commit) === undefined) {
        this.indexCommit(rowId, ref.commit);
        indexed += 1;
      }
    }
    if (!refsMatch(this.repos.refs(rowId), current)) this.repos.markChecked(rowId, current, this.now());
    return indexed;
  }

  private indexCommit(rowId: number, commitOid: string): void {
    const { store } = this.options;
    const commit = store.getCommit(commitOid);
    if (!commit) throw new Error(`corrupt store: missing commit ${commitOid}`);
    const rootFolder = this.indexTree(commit.treeOid);
    const stats = store.folderStats(commit.treeOid);
    this.repos.addRevision({ repo: rowId, commit: commitOid, rootFolder, files: stats.files, totalSize: stats.size, now: this.now() });
  }

  /** Stores a tree and the trees below it that are not stored yet; returns its folder id. */
  private indexTree(treeOid: string): number {
    const digest = TREE_DIGEST_PREFIX + treeOid;
    const known = this.folders.idOf(digest);
    if (known !== undefined) return known;
    const rows: CatalogEntryRow[] = [];
    for (const entry of this.options.store.listTreeObject(treeOid)) {
      if (entry.type === 'directory') {
        rows.push({ name: entry.path, child: this.indexTree(entry.oid), size: null, oid: entry.oid, lfs_sha256: null, lfs_size: null });
      } else {
        rows.push({ name: entry.path, child: null, size: entry.size, oid: entry.oid, lfs_sha256: entry.lfs?.oid ?? null, lfs_size: entry.lfs?.size ?? null });
      }
    }
    return this.folders.insert(digest, rows);
  }

  private row(type: string, repoId: string): CatalogRepoRow | undefined {
    return this.repos.find(LOCAL_HUB, type, repoId, ALL_REFS);
  }
}

/**
 * Branches and tags by their short names, as the hub lists them; a tag named like a branch keeps
 * its full name. Other refs (refs/pr/N, refs/convert/...) keep theirs.
 */
function catalogRefName(name: string, branches: ReadonlySet<string>): string {
  if (name.startsWith(BRANCH_PREFIX)) return name.slice(BRANCH_PREFIX.length);
  if (name.startsWith(TAG_PREFIX)) {
    const tag = name.slice(TAG_PREFIX.length);
    return branches.has(tag) ? name : tag;
  }
  return name;
}

function rowKey(type: string, repoId: string): string {
  return `${type} ${repoId}`;
}
