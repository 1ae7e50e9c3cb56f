import type { HfConfig } from '../config.js';
import { engineOptionsFromConfig } from '../download/index.js';
import { UpstreamClient, type RetryPolicy } from '../upstream/index.js';

/**
 * A refresh is cheap to run again, so a hub that is down is reported in seconds, not after the
 * 23 s of download retries; a rate limit is waited out up to 5 minutes, and a longer one fails
 * the refresh with the time to retry after rather than holding a refresh slot for an hour.
 */
export const CATALOG_RETRY: Partial<RetryPolicy> = { retries: 3, baseDelayMs: 500, maxDelayMs: 2000, maxServerWaitMs: 5 * 60_000, longerServerWait: 'fail' };

/** The HTTP client refreshes use: the configured proxies, CA and user agent, with the catalog's retry policy. */
export function createCatalogClient(hf: HfConfig): UpstreamClient {
  return new UpstreamClient({ ...engineOptionsFromConfig(hf).client, retry: CATALOG_RETRY });
}
