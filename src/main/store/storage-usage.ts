import type { RepoSearchQueries } from '../db/index.js';
import { scanRepoContent, type ContentSizes } from './content-scan.js';
import { AppError } from '../../shared/errors.js';
import { parseRepoOptions } from './repo-options.js';
import type { StoreContext } from './store-context.js';

interface CachedUsage {
  /** The ref heads and retention policy the figures were computed for. */
  readonly key: string;
  readonly content: ContentSizes;
  readonly bytes: number;
}

/**
 * Storage used by repos and namespaces: each unique piece of content reachable from a repo's
 * refs counts once, by its real size (LFS objects by the object's size), and LFS versions a
 * keep-versions policy releases do not count. Figures are computed from the refs on demand and
 * cached per repo under a key of its ref heads and policy, so commits, deletes, squashes and
 * policy changes are reflected without any bookkeeping on the write paths.
 */
export class StorageUsage {
  private readonly cache = new Map<number, CachedUsage>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly search: RepoSearchQueries,
  ) {}

  repoBytes(repoId: number): number {
    return this.repoUsage(repoId).bytes;
  }

  /** Unique content over every repo of a namespace (content shared by two repos counts once). */
  namespaceBytes(namespace: string): number {
    const repos = this.search.inNamespace(namespace);
    if (repos.length === 1) return this.repoBytes((repos[0] as { id: number }).id);
    const union: ContentSizes = new Map();
    for (const repo of repos) {
      for (const [id, size] of this.repoUsage(repo.id).content) union.set(id, size);
    }
    let bytes = 0;
    for (const size of union.values()) bytes += size;
    return bytes;
  }

  /** Drops every cached figure (they are recomputed on the next read). */
  clear(): void {
    this.cache.clear();
  }

  private repoUsage(repoId: number): CachedUsage {
    const row = this.ctx.repos.findById(repoId);
    if (!row) throw new AppError('RepoNotFound', 'Repository not found');
    const refs = this.ctx.refs.list(repoId);
    // The raw settings stand in for the retention policy: parsing them on every read costs more than the lookup.
    const key = `${row.settings}|${refs.map((ref) => `${ref.name}=${ref.commit_oid}`).join(',')}`;
    const cached = this.cache.get(repoId);
    if (cached?.key === key) return cached;
    const { kept } = scanRepoContent(this.ctx, refs, parseRepoOptions(row.settings).lfsKeepVersions);
    let bytes = 0;
    for (const size of kept.values()) bytes += size;
    const usage = { key, content: kept, bytes };
    this.cache.set(repoId, usage);
    return usage;
  }
}
