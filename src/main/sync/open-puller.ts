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
  const fetcher = new BlobFetcher({ client, store: progressWithoutFsync(db), connections: PULL_CONNECTIONS, pool: new BufferPool(PULL_BLOCK_SIZE, PULL_BLOCKS, PULL_BLOCKS * PULL_BLOCK_SIZE) });
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
 * How the pull fetches large files (at most two at once, see puller.ts): up to four ranged
 * connections each (a CDN capping each connection still gets eight), and 256 KiB blocks, of which
 * a connection holds at most five. With the engine's defaults (eight connections, 1 MiB blocks)
 * four files at once could hold 160 MiB of blocks; this is at most 11 MiB.
 */
const PULL_CONNECTIONS = 4;
const PULL_BLOCK_SIZE = 256 * 1024;
/** Blocks of two files' connections and their in-order hashing. */
const PULL_BLOCKS = 48;

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
