import { createRepoSearchQueries, type RepoSearchQueries, createLfsPrunedTable, type LfsPrunedTable } from '../db/index.js';
import { DownloadCounter } from './download-counter.js';
import { FolderStatsCache } from './folder-stats.js';
import { Quotas } from './quotas.js';
import { StorageUsage } from './storage-usage.js';
import type { StoreContext } from './store-context.js';

/** The store's repo-management services (created once per store, on first use). */
export class RepoManagement {
  readonly search: RepoSearchQueries;
  readonly folderStats: FolderStatsCache;
  readonly usage: StorageUsage;
  readonly quotas: Quotas;
  readonly downloads: DownloadCounter;
  readonly prunedLfs: LfsPrunedTable;

  constructor(ctx: StoreContext) {
    this.search = createRepoSearchQueries(ctx.db);
    this.folderStats = new FolderStatsCache(ctx);
    this.usage = new StorageUsage(ctx, this.search);
    this.quotas = new Quotas(ctx, this.usage);
    this.downloads = new DownloadCounter(ctx);
    this.prunedLfs = createLfsPrunedTable(ctx.db);
  }
}
