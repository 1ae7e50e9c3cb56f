import { readFileSync } from 'node:fs';
import { appVersion } from '../app-info.js';
import type { HfConfig } from '../config.js';
import { endpointTokens, type TokenLookup } from '../credentials/index.js';
import type { DownloadEngineOptions } from './download-engine.js';
import type { FetchTuning, TransferStateStore } from '../transfer/index.js';
import { UpstreamClient } from '../upstream/index.js';

export interface EngineExtras {
  readonly store?: TransferStateStore;
  readonly tuning?: Partial<FetchTuning>;
  /** Bandwidth limit in bytes per second. */
  readonly bytesPerSecond?: number;
  /** Tokens per hub; by default credentials' lookup without saved hubs (HF_TOKEN or the token file for HF_ENDPOINT). */
  readonly tokens?: TokenLookup;
}

/**
 * Engine settings from the HF part of the config: cache dir, endpoint, tokens, offline, symlinks, timeouts, proxies and the extra CA.
 */
export function engineOptionsFromConfig(hf: HfConfig, extras: EngineExtras = {}): DownloadEngineOptions {
  const ca = hf.caFile === undefined ? undefined : readFileSync(hf.caFile, 'utf8');
  return {
    cacheDir: hf.hubCache,
    endpoint: hf.endpoint,
    tokens: extras.tokens ?? endpointTokens(hf),
    offline: hf.offline,
    symlinks: !hf.disableSymlinks,
    etagTimeoutMs: hf.etagTimeoutSeconds * 1000,
    client: {
      userAgent: `hubkeeper/${appVersion()}`,
      proxy: {
        ...(hf.proxy.httpProxy === undefined ? {} : { httpProxy: hf.proxy.httpProxy }),
        ...(hf.proxy.httpsProxy === undefined ? {} : { httpsProxy: hf.proxy.httpsProxy }),
        noProxy: hf.proxy.noProxy.join(','),
      },
      ...(ca === undefined ? {} : { ca }),
      headersTimeoutMs: hf.downloadTimeoutSeconds * 1000,
      bodyTimeoutMs: hf.downloadTimeoutSeconds * 1000,
      ...(extras.bytesPerSecond === undefined ? {} : { bytesPerSecond: extras.bytesPerSecond }),
    },
    ...(extras.store ? { store: extras.store } : {}),
    ...(extras.tuning ? { tuning: extras.tuning } : {}),
  };
}

/** An HTTP client for remote hubs with the HF settings (proxies, extra CA, timeouts); the caller closes it. */
export function upstreamClientFromConfig(hf: HfConfig): UpstreamClient {
  const options = engineOptionsFromConfig(hf).client;
  return options instanceof UpstreamClient ? options : new UpstreamClient(options ?? {});
}
