import { resolve } from 'node:path';
import type { RepoType } from '../../shared/repo-id.js';
import { DEFAULT_ENDPOINT, HubApi, UpstreamClient, type HubTarget, type UpstreamClientOptions } from '../upstream/index.js';
import { BlobFetcher, type FetchTuning, BufferPool, type TransferStateStore } from '../transfer/index.js';
import type { TokenLookup } from '../credentials/index.js';
import { tryLoadFromCache, type NoExist } from './offline-lookup.js';
import { cachedDownload, type CachedDownloadOptions, type CachedFile } from './cached-download.js';
import { downloadToCache, downloadToLocalDir, remoteFileMetadata, type FileProgress, type FileProgressListener } from './download-file.js';
import { parseDownloadRequest, type DownloadRequest, type DownloadRequestInput } from './download-request.js';
import { resolveTarget, type DownloadCall, type DownloadOptions, type EngineContext, type LocalContent, type ResolvedTarget } from './download-target.js';
import type { FileMetadata } from './file-metadata.js';
import { fetchSnapshot, type SnapshotProgress, type SnapshotResult } from './snapshot-download.js';

export interface DownloadEngineOptions {
  /** The HF cache (HF_HUB_CACHE). */
  readonly cacheDir: string;
  /** Default hub (HF_ENDPOINT); https://huggingface.co if unset. */
  readonly endpoint?: string;
  /** The token for each hub (see credentials/ endpointTokens); none when absent. */
  readonly tokens?: TokenLookup;
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
  /** Content this machine holds already (the hub's blob store): linked into the cache, not downloaded. */
  readonly localContent?: LocalContent;
}

export interface DownloadFileOptions extends DownloadOptions {
  readonly onProgress?: FileProgressListener;
}

export type SnapshotOptions = DownloadOptions & { readonly onProgress?: (progress: SnapshotProgress) => void };

/** How a download goes: files and bytes done of those selected, and the file that just moved. */
export type DownloadProgress = SnapshotProgress;

export interface DownloadCallOptions extends DownloadCall {
  readonly onProgress?: (progress: DownloadProgress) => void;
}

export interface DownloadResult {
  /** snapshots/<commit> (or the local dir) for a snapshot; the first file's path for named files. */
  readonly path: string;
  /** The commit downloaded; undefined for named files and for a snapshot answered from the cache without one. */
  readonly commit: string | undefined;
  /** Named files: their paths on disk; a snapshot: the repo paths of the selected files. */
  readonly files: readonly string[];
  /** True when the hub could not be asked and the cached snapshot was returned. */
  readonly fromCache: boolean;
  /** Bytes a snapshot fetched from the network (not counted for named files). */
  readonly downloadedBytes: number | undefined;
}

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
    this.ctx = {
      client,
      fetcher: new BlobFetcher({ client, ...(options.store ? { store: options.store } : {}), pool: new BufferPool(), ...options.tuning }),
      localContent: options.localContent,
      defaults: {
        cacheDir: resolve(options.cacheDir),
        endpoint: options.endpoint ?? DEFAULT_ENDPOINT,
        tokens: options.tokens ?? (() => undefined),
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

  /**
   * The one entrance every edge uses (app API, job queue, CLI): named files one by one, or a
   * snapshot filtered by the request's patterns.
   */
  async download(request: DownloadRequest, call: DownloadCallOptions = {}): Promise<DownloadResult> {
    const target = resolveTarget(this.ctx, request, call);
    if (request.files === undefined) {
      const snapshot = await fetchSnapshot(this.ctx, target, request, call.onProgress);
      return { ...snapshot, commit: snapshot.commit || undefined };
    }
    const files = request.files;
    const done = new Map<string, FileProgress>();
    const paths: string[] = [];
    for (const file of files) {
      paths.push(
        await this.fetchFile(target, file, (progress) => {
          done.set(progress.path, progress);
          let bytesDone = 0;
          let bytesTotal = 0;
          for (const value of done.values()) {
            bytesDone += value.done;
            bytesTotal += value.total;
          }
          call.onProgress?.({ filesDone: paths.length, filesTotal: files.length, bytesDone, bytesTotal, file: progress });
        }),
      );
    }
    return { path: paths[0] ?? '', commit: undefined, files: paths, fromCache: false, downloadedBytes: undefined };
  }

  /** One file (Python's `hf_hub_download`); returns its path in snapshots/<commit>/ (or in the local dir). */
  downloadFile(repoId: string, path: string, options: DownloadFileOptions = {}): Promise<string> {
    const target = resolveTarget(this.ctx, parseDownloadRequest({ ...requestFields(options), repoId, files: [path] }), options);
    return this.fetchFile(target, path, options.onProgress);
  }

  /** A whole revision, or the files selected by allow/ignore patterns (Python's `snapshot_download`). */
  snapshotDownload(repoId: string, options: SnapshotOptions = {}): Promise<SnapshotResult> {
    const request = parseDownloadRequest({ ...requestFields(options), repoId });
    return fetchSnapshot(this.ctx, resolveTarget(this.ctx, request, options), request, options.onProgress);
  }

  private fetchFile(target: ResolvedTarget, path: string, onProgress?: FileProgressListener): Promise<string> {
    return target.localDir === undefined ? downloadToCache(this.ctx, target, path, onProgress) : downloadToLocalDir(this.ctx, target, path, onProgress);
  }

  /** Commit, etag, size and location of a file, from one HEAD (Python's `get_hf_file_metadata`). */
  fileMetadata(repoId: string, path: string, options: DownloadOptions = {}): Promise<FileMetadata> {
    return remoteFileMetadata(this.ctx, resolveTarget(this.ctx, parseDownloadRequest({ ...requestFields(options), repoId }), options), path);
  }

  /** The cached file for a revision without any network call; NO_EXIST when known to be absent. */
  tryLoadFromCache(
    repoId: string,
    path: string,
    options: Pick<DownloadOptions, 'repoType' | 'revision' | 'cacheDir'> = {},
  ): Promise<string | NoExist | undefined> {
    const request = parseDownloadRequest({ ...options, repoId });
    return tryLoadFromCache(resolve(request.cacheDir ?? this.ctx.defaults.cacheDir), repoId, path, request);
  }

  /** Any URL, cached and revalidated with its ETag. */
  cachedDownload(url: string, options: Partial<CachedDownloadOptions> = {}): Promise<CachedFile> {
    return cachedDownload(this.ctx.client, url, { dir: this.urlCacheDir, offline: this.ctx.defaults.offline, ...options });
  }

  /** The hub's JSON API (info, listings with filters, trees) through the same pools. */
  hub(target: HubTarget = {}): HubApi {
    const endpoint = target.endpoint ?? this.ctx.defaults.endpoint;
    const token = target.token ?? this.ctx.defaults.tokens(endpoint);
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

/** The request's fields among a method's options: all but the call's own (token, offline, signal, progress). */
function requestFields(options: DownloadOptions & { readonly onProgress?: unknown }): Omit<DownloadRequestInput, 'repoId'> {
  const { token: _token, offline: _offline, signal: _signal, onProgress: _onProgress, ...request } = options;
  return request;
}
