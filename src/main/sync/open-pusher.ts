import type { Config } from '../config.js';
import { endpointTokens, type SavedHubTokens } from '../credentials/index.js';
import type { Db } from '../db/index.js';
import { upstreamClientFromConfig } from '../download/index.js';
import type { Store } from '../store/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import { Pusher } from './pusher.js';

export interface OpenPusherOptions {
  readonly config: Config;
  readonly db: Db;
  readonly store: Store;
  /** Tokens saved for hubs in Settings. */
  readonly hubs?: SavedHubTokens;
  /** A client to share (the server's); by default the pusher makes its own from the HF settings (proxies, CA, timeouts). */
  readonly client?: UpstreamClient;
}

/** A Pusher wired from the config, and how to release what it opened. */
export function openPusher(options: OpenPusherOptions): { readonly pusher: Pusher; close(): Promise<void> } {
  const { config, db, store } = options;
  const client = options.client ?? upstreamClientFromConfig(config.hf);
  const pusher = new Pusher({ store, db, client, tokens: endpointTokens(config.hf, options.hubs) });
  return {
    pusher,
    close: async () => {
      if (!options.client) await client.close();
    },
  };
}
