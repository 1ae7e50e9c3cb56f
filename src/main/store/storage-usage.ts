import type { RefRow, RepoSearchQueries } from '../db/index.js';
import { extendRepoContent, scanRepoContent, type ContentSizes } from './content-scan.js';
import { AppError } from '../../shared/errors.js';
import { parseRepoOptions } from './repo-options.js';
import type { StoreContext } from './store-context.js';

/**
 * Objects (commit, tree and blob ids) remembered over all repos so a commit extends a repo's
 * figures instead of walking its history again; about 100 bytes each. A repo beyond it is walked
 * whole when its refs change, as every repo was before.
 */
const MAX_REACHED_OBJECTS = 500_000;

interface CachedUsage {
  /** The ref heads and retention policy the figures were computed for. */
  readonly key: string;
  readonly settings: string;
  readonly refs: readonly RefRow[];
  readonly content: ContentSizes;
  /** Everything reachable from `refs`, kept for repos without a keep-versions policy (within MAX_REACHED_OBJECTS). */
  readonly reached: Set<string> | undefined;
  readonly bytes: number;
}

/**
 * Storage used by repos and namespaces: each unique piece of content reachable from a repo's
 * refs counts once, by its real size (LFS objects by the object's size), and LFS versions a
 * keep-versions policy releases do not count. Figures are computed from the refs on demand and
 * cached per repo under a key of its ref heads and policy, so commits, deletes, squashes and
 * policy changes are reflected without any bookkeeping on the write paths. When refs only moved
 * forward, the new figures extend the cached ones by what the new commits brought.
 */
export class StorageUsage {
  /** By repo id, least recently used first. */
  private readonly cache = new Map<number, CachedUsage>();
  private reachedObjects = 0;

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
    this.reachedObjects = 0;
  }

  private repoUsage(repoId: number): CachedUsage {
    const row = this.ctx.repos.findById(repoId);
    if (!row) throw new AppError('RepoNotFound', 'Repository not found');
    const refs = this.ctx.refs.list(repoId);
    // The raw settings stand in for the retention policy: parsing them on every read costs more than the lookup.
    const key = `${row.settings}|${refs.map((ref) => `${ref.name}=${ref.commit_oid}`).join(',')}`;
    const cached = this.cache.get(repoId);
    if (cached?.key === key) {
      this.cache.delete(repoId);
      this.cache.set(repoId, cached);
      return cached;
    }
    if (cached) this.forget(repoId, cached);
    const usage = this.extended(cached, row.settings, refs) ?? this.scanned(row.settings, refs);
    this.remember(repoId, { ...usage, key });
    return { ...usage, key };
  }

  private extended(cached: CachedUsage | undefined, settings: string, refs: readonly RefRow[]): Omit<CachedUsage, 'key'> | undefined {
    if (!cached?.reached || cached.settings !== settings) return undefined;
    const added = extendRepoContent(this.ctx, { reached: cached.reached, kept: cached.content }, cached.refs, refs);
    if (added === undefined) return undefined;
    return { settings, refs, content: cached.content, reached: cached.reached, bytes: cached.bytes + added };
  }

  private scanned(settings: string, refs: readonly RefRow[]): Omit<CachedUsage, 'key'> {
    const keepVersions = parseRepoOptions(settings).lfsKeepVersions;
    const { reached, kept } = scanRepoContent(this.ctx, refs, keepVersions);
    let bytes = 0;
    for (const size of kept.values()) bytes += size;
    return { settings, refs, content: kept, reached: keepVersions === null ? reached : undefined, bytes };
  }

  private remember(repoId: number, usage: CachedUsage): void {
    const size = usage.reached?.size ?? 0;
    const fits = size <= MAX_REACHED_OBJECTS;
    this.cache.set(repoId, fits ? usage : { ...usage, reached: undefined });
    if (!fits) return;
    this.reachedObjects += size;
    for (const [oldId, old] of this.cache) {
      if (this.reachedObjects <= MAX_REACHED_OBJECTS) break;
      if (oldId !== repoId) this.forget(oldId, old);
    }
  }

  private forget(repoId: number, usage: CachedUsage): void {
    this.cache.delete(repoId);
    this.reachedObjects -= usage.reached?.size ?? 0;
  }
}
