import { resolve } from 'node:path';
import type { RepoType } from '../../shared/repo-id.js';
import { DEFAULT_ENDPOINT, HubApi, UpstreamClient, type HubTarget, type UpstreamClientOptions } from '../upstream/index.js';
import { BlobFetcher, type FetchTuning, BufferPool, type TransferStateStore } from '../transfer/index.js';
import { tryLoadFromCache, type NoExist } from './offline-lookup.js';
import { cachedDownload, type CachedDownloadOptions, type CachedFile } from './cached-download.js';
import { downloadToCache, downloadToLocalDir, remoteFileMetadata, type FileProgressListener } from './download-file.js';
import { resolveTarget, type DownloadTarget, type EngineContext } from './download-target.js';
import type { FileMetadata } from './file-metadata.js';
import { snapshotDownload, type SnapshotRequest, type SnapshotResult } from './snapshot-download.js';

export interface DownloadEngineOptions {
  /** The HF cache (HF_HUB_CACHE). */
  readonly cacheDir: string;
  /** Default hub (HF_ENDPOINT); https://huggingface.co if unset. */
  readonly endpoint?: string;
  /** The user's token (HF_TOKEN / token file), sent to the default endpoint only. */
  readonly token?: string | (() => string | undefined);
  /** HF_HUB_OFFLINE. */
  readonly offline?: boolean;
  /** False when HF_HUB_DISABLE_SYMLINKS is set or symlinks are not allowed. */
  readonly symlinks?: boolean;
  /** HF_HUB_ETAG_TIMEOUT in ms (default 10 s). */
  readonly etagTimeoutMs?: number;
  /** Files fetched at once by snapshots (default 8). */
  readonly maxWorkers?: number;
  /** Where `cachedDownload` keeps URLs (default <cacheDir>/../hubkeeper-url-cache). */
  readonly urlCacheDir?: string;
  /** A client to share, or options for the engine's own. */
  readonly client?: UpstreamClient | UpstreamClientOptions;
  /** Where progress is recorded so downloads resume after a restart (the hub database). */
  readonly store?: TransferStateStore;
  /** Connections and chunk size of large files. */
  readonly tuning?: Partial<FetchTuning>;
}

export interface DownloadFileOptions extends DownloadTarget {
  readonly onProgress?: FileProgressListener;
}

export type SnapshotOptions = DownloadTarget & SnapshotRequest;

/**
 * The download and cache engine: files and snapshots from any HF-compatible hub into the
 * Hugging Face cache layout (or a local dir), resumable, verified, shared with Python. One engine
 * holds the connection pools and the in-flight transfers, so concurrent calls share both.
 */
export class DownloadEngine {
  private readonly ctx: EngineContext;
  private readonly ownsClient: boolean;
  private readonly urlCacheDir: string;

  constructor(options: DownloadEngineOptions) {
    const client = options.client instanceof UpstreamClient ? options.client : new UpstreamClient(options.client ?? {});
    this.ownsClient = !(options.client instanceof UpstreamClient);
    const token = options.token;
    this.ctx = {
      client,
      fetcher: new BlobFetcher({ client, ...(options.store ? { store: options.store } : {}), pool: new BufferPool(), ...options.tuning }),
      defaults: {
        cacheDir: resolve(options.cacheDir),
        endpoint: options.endpoint ?? DEFAULT_ENDPOINT,
        token: typeof token === 'function' ? token : () => token,
        offline: options.offline ?? false,
        symlinks: options.symlinks ?? true,
        etagTimeoutMs: options.etagTimeoutMs ?? 10_000,
        maxWorkers: options.maxWorkers ?? 8,
      },
    };
    this.urlCacheDir = resolve(options.urlCacheDir ?? resolve(options.cacheDir, '..', 'hubkeeper-url-cache'));
  }

  get client(): UpstreamClient {
    return this.ctx.client;
  }

  /** One file; returns its path in snapshots/<commit>/ (or in the local dir). */
  downloadFile(repoId: string, path: string, options: DownloadFileOptions = {}): Promise<string> {
    const target = resolveTarget(this.ctx, repoId, options);
    return target.localDir === undefined
      ? downloadToCache(this.ctx, target, path, options.onProgress)
      : downloadToLocalDir(this.ctx, target, path, options.onProgress);
  }

  /** A whole revision, or the files selected by allow/ignore patterns. */
  snapshotDownload(repoId: string, options: SnapshotOptions = {}): Promise<SnapshotResult> {
    return snapshotDownload(this.ctx, resolveTarget(this.ctx, repoId, options), options);
  }

  /** Commit, etag, size and location of a file, from one HEAD (Python's `get_hf_file_metadata`). */
  fileMetadata(repoId: string, path: string, options: DownloadTarget = {}): Promise<FileMetadata> {
    return remoteFileMetadata(this.ctx, resolveTarget(this.ctx, repoId, options), path);
  }

  /** The cached file for a revision without any network call; NO_EXIST when known to be absent. */
  tryLoadFromCache(
    repoId: string,
    path: string,
    options: Pick<DownloadTarget, 'repoType' | 'revision' | 'cacheDir'> = {},
  ): Promise<string | NoExist | undefined> {
    return tryLoadFromCache(resolve(options.cacheDir ?? this.ctx.defaults.cacheDir), repoId, path, {
      repoType: options.repoType ?? 'model',
      revision: options.revision ?? 'main',
    });
  }

  /** Any URL, cached and revalidated with its ETag. */
  cachedDownload(url: string, options: Partial<CachedDownloadOptions> = {}): Promise<CachedFile> {
    return cachedDownload(this.ctx.client, url, { dir: this.urlCacheDir, offline: this.ctx.defaults.offline, ...options });
  }

  /** The hub's JSON API (info, listings with filters, trees) through the same pools. */
  hub(target: HubTarget = {}): HubApi {
    const endpoint = target.endpoint ?? this.ctx.defaults.endpoint;
    const token = target.token ?? (endpoint === this.ctx.defaults.endpoint ? this.ctx.defaults.token() : undefined);
    return new HubApi(this.ctx.client, { endpoint, ...(token === undefined ? {} : { token }) });
  }

  /** Info of a model, dataset or space. */
  repoInfo(repoType: RepoType, repoId: string, options: HubTarget & { revision?: string; signal?: AbortSignal } = {}): ReturnType<HubApi['repoInfo']> {
    return this.hub(options).repoInfo(repoType, repoId, options);
  }

  /** Drops resume records whose partial file has disappeared (call at start). */
  forgetStaleTransfers(): number {
    return this.ctx.fetcher.forgetStale();
  }

  /** Stops transfers in flight (their progress is kept for a resume), then closes the pools. */
  async close(): Promise<void> {
    await this.ctx.fetcher.close();
    if (this.ownsClient) await this.ctx.client.close();
  }
}
