import { CacheLayout } from '../cache/index.js';
import type { Config } from '../config.js';
import { endpointTokens, type SavedHubTokens } from '../credentials/index.js';
import { createDownloadsTable, type Db } from '../db/index.js';
import { upstreamClientFromConfig } from '../download/index.js';
import type { Store } from '../store/index.js';
import { BlobFetcher } from '../transfer/index.js';
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
  const fetcher = new BlobFetcher({ client, store: createDownloadsTable(db) });
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
