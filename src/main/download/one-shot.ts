import { AppError } from '../../shared/errors.js';
import { DownloadEngine, type DownloadEngineOptions, type DownloadFileOptions, type SnapshotOptions } from './download-engine.js';
import type { SnapshotResult } from './snapshot-download.js';

/** Engine settings for a one-off call; `cacheDir` may be left out when `localDir` is given. */
export type OneShotOptions = Omit<DownloadEngineOptions, 'cacheDir'> & { readonly cacheDir?: string };

/**
 * One file with a throwaway engine (its own pools, no resume records). Long-lived code (the core,
 * the CLI) keeps one DownloadEngine instead, so downloads share connections and transfers.
 */
export async function downloadFile(repoId: string, path: string, options: DownloadFileOptions & OneShotOptions): Promise<string> {
  return withEngine(options, (engine) => engine.downloadFile(repoId, path, options));
}

/** A snapshot with a throwaway engine; see downloadFile. */
export async function snapshotDownload(repoId: string, options: SnapshotOptions & OneShotOptions): Promise<SnapshotResult> {
  return withEngine(options, (engine) => engine.snapshotDownload(repoId, options));
}

async function withEngine<T>(options: OneShotOptions & { readonly localDir?: string }, run: (engine: DownloadEngine) => Promise<T>): Promise<T> {
  const cacheDir = options.cacheDir ?? options.localDir;
  if (cacheDir === undefined) {
    throw new AppError('BadRequest', 'Pass cacheDir (for example the HF_HUB_CACHE folder from the config) or localDir');
  }
  const engine = new DownloadEngine({ ...options, cacheDir });
  try {
    return await run(engine);
  } finally {
    await engine.close();
  }
}
