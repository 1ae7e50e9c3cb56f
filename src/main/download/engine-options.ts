import { readFileSync } from 'node:fs';
import { appVersion } from '../app-info.js';
import type { HfConfig } from '../config.js';
import type { DownloadEngineOptions } from './download-engine.js';
import type { FetchTuning, TransferStateStore } from '../transfer/index.js';

export interface EngineExtras {
  readonly store?: TransferStateStore;
  readonly tuning?: Partial<FetchTuning>;
  /** Bandwidth limit in bytes per second. */
  readonly bytesPerSecond?: number;
  /** Where the user's token is when HF_TOKEN is unset (HF_TOKEN_PATH; read at each use, as Python does). */
  readonly tokenFile?: string;
}

/**
 * Engine settings from the HF part of the config: cache dir, endpoint, token (unless
 * HF_HUB_DISABLE_IMPLICIT_TOKEN), offline, symlinks, timeouts, proxies and the extra CA.
 */
export function engineOptionsFromConfig(hf: HfConfig, extras: EngineExtras = {}): DownloadEngineOptions {
  const tokenFile = extras.tokenFile;
  const token = (): string | undefined => (hf.disableImplicitToken ? undefined : (hf.token ?? (tokenFile === undefined ? undefined : readToken(tokenFile))));
  const ca = hf.caFile === undefined ? undefined : readFileSync(hf.caFile, 'utf8');
  return {
    cacheDir: hf.hubCache,
    endpoint: hf.endpoint,
    token,
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

function readToken(file: string): string | undefined {
  try {
    const token = readFileSync(file, 'utf8').replace(/[\r\n]/g, '').trim();
    return token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}
