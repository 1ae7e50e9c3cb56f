import type { HfConfig } from '../config.js';
import { engineOptionsFromConfig } from '../download/index.js';
import { UpstreamClient } from '../upstream/index.js';

// A refresh is cheap to run again, and a hub that is down should be reported in seconds, not
// after the 23 s of download retries (waits a hub asks for with Retry-After are still honoured).
const CATALOG_RETRY = { retries: 2, baseDelayMs: 500, maxDelayMs: 2000 };

/** The client refreshes use: the download client's settings (proxy, CA, timeouts) with short retries. */
export function createCatalogClient(hf: HfConfig): UpstreamClient {
  return new UpstreamClient({ ...engineOptionsFromConfig(hf).client, retry: CATALOG_RETRY });
}
