import { CacheLayout } from '../cache/index.js';
import type { Config } from '../config.js';
import { endpointTokens, type SavedHubTokens } from '../credentials/index.js';
import { createDownloadsTable, redoableTransaction, type Db } from '../db/index.js';
import { upstreamClientFromConfig } from '../download/index.js';
import type { Store } from '../store/index.js';
import { BlobFetcher, BufferPool, type TransferStateStore } from '../transfer/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import { Puller } from './puller.js';

export interface OpenPullerOptions {
  readonly config: Config;
  readonly db: Db;
  readonly store: Store;
  /** Tokens saved for hubs in Settings. */
  readonly hubs?: SavedHubTokens;
  /** A client to share (the server's); by default the puller makes its own from the HF settings (proxies, CA, timeouts). */
  readonly client?: UpstreamClient;
}

/** A Puller wired from the config, and how to release what it opened (transfers in flight record their progress first). */
export function openPuller(options: OpenPullerOptions): { readonly puller: Puller; readonly client: UpstreamClient; close(): Promise<void> } {
  const { config, db, store } = options;
  const client = options.client ?? upstreamClientFromConfig(config.hf);
  // The downloads table records partial transfers of large files, so a killed pull resumes them byte-exact.
  const fetcher = new BlobFetcher({ client, store: progressWithoutFsync(db), connections: PULL_CONNECTIONS, pool: new BufferPool(PULL_BLOCK_SIZE, 16, 16 * PULL_BLOCK_SIZE * 4) });
  const puller = new Puller({
    store, db, client, fetcher, dataDir: config.dataDir, cache: new CacheLayout(config.hf.hubCache), tokens: endpointTokens(config.hf, options.hubs),
  });
  return {
    puller,
    client,
    close: async () => {
      await fetcher.close();
      if (!options.client) await client.close();
    },
  };
}

/**
 * How the pull fetches large files. Four ranged connections per file (a CDN capping each one still
 * gives a pull of two files at once 8 of them), and 256 KiB blocks: each connection holds at most
 * five blocks, so the transfers' memory stays near 10 MiB whatever the size of the repo (1 MiB
 * blocks and 8 connections held 160 MiB with four files at once, measured on a 2 GB pull).
 */
const PULL_CONNECTIONS = 4;
const PULL_BLOCK_SIZE = 256 * 1024;

/**
 * The downloads table, its progress saves made without waiting for the disk: a FULL connection
 * fsynced each one (ten a second per file), 1.7 s of a 2 GB pull on its main thread. A process kill
 * loses none of them; a power loss only takes a resume back to an earlier save, which is safe
 * (the bytes it counts were on disk before it was written).
 */
function progressWithoutFsync(db: Db): TransferStateStore {
  const table = createDownloadsTable(db);
  return { ...table, saveProgress: (...args) => redoableTransaction(db, () => table.saveProgress(...args)) };
}
