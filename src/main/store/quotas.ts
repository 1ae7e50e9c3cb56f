import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { createNamespaceQuotasTable, type NamespaceQuotasTable, createRepoQuotasTable, type RepoQuotasTable } from '../db/index.js';
import type { StorageUsage } from './storage-usage.js';
import type { StoreContext } from './store-context.js';

export interface QuotaStatus {
  /** Limit in bytes; null when unlimited. */
  readonly limit: number | null;
  readonly used: number;
}

/** Storage limits per namespace and per repo, checked before new content is stored. */
export class Quotas {
  private readonly namespaceLimits: NamespaceQuotasTable;
  private readonly repoLimits: RepoQuotasTable;

  constructor(
    private readonly ctx: StoreContext,
    private readonly usage: StorageUsage,
  ) {
    this.namespaceLimits = createNamespaceQuotasTable(ctx.db);
    this.repoLimits = createRepoQuotasTable(ctx.db);
  }

  namespaceStatus(namespace: string): QuotaStatus {
    return { limit: this.namespaceLimits.get(namespace) ?? null, used: this.usage.namespaceBytes(namespace) };
  }

  repoStatus(repoId: number): QuotaStatus {
    return { limit: this.repoLimits.get(repoId) ?? null, used: this.usage.repoBytes(repoId) };
  }

  setNamespaceLimit(namespace: string, limit: number | null): void {
    if (limit === null) this.namespaceLimits.remove(namespace);
    else this.namespaceLimits.set(namespace, checkLimit(limit), this.ctx.now());
  }

  setRepoLimit(repoId: number, limit: number | null): void {
    if (limit === null) this.repoLimits.remove(repoId);
    else this.repoLimits.set(repoId, checkLimit(limit), this.ctx.now());
  }

  /** Throws QuotaExceeded (413) when `incomingBytes` more would exceed the repo's or its namespace's limit. */
  assert(repoId: number, incomingBytes: number): void {
    const repo = this.ctx.repos.findById(repoId);
    if (!repo) throw new AppError('RepoNotFound', 'Repository not found');
    const incoming = Math.max(0, incomingBytes);
    const repoLimit = this.repoLimits.get(repoId);
    const namespaceLimit = this.namespaceLimits.get(repo.namespace);
    // The common case, no limits at all, costs two lookups and no usage computation.
    if (repoLimit === undefined && namespaceLimit === undefined) return;
    const fullName = `${repo.namespace}/${repo.name}`;
    if (repoLimit !== undefined) {
      exceeded(`repository ${fullName}`, this.usage.repoBytes(repoId), repoLimit, incoming);
    }
    if (namespaceLimit !== undefined) {
      exceeded(`namespace ${repo.namespace}`, this.usage.namespaceBytes(repo.namespace), namespaceLimit, incoming);
    }
  }
}

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new AppError('BadRequest', 'A quota limit must be a whole number of bytes (0 or more), or null for unlimited');
  }
  return limit;
}

function exceeded(scope: string, used: number, limit: number, incoming: number): void {
  if (used + incoming <= limit) return;
  throw new AppError(
    'QuotaExceeded',
    `Storage quota exceeded for ${scope}: ${formatBytes(used)} used of ${formatBytes(limit)}, ` +
      `and this upload adds ${formatBytes(incoming)} (${used} + ${incoming} > ${limit} bytes). ` +
      'Free space (delete files, squash history) or raise the quota.',
  );
}
