import { resolve } from 'node:path';
import { AppError, isAppError } from '../../shared/errors.js';
import { nameProblem, type RepoType } from '../../shared/repo-id.js';
import { trimEndpoint, type UpstreamClient } from '../upstream/index.js';
import type { BlobFetcher } from '../transfer/index.js';
import { CacheLayout } from '../cache/index.js';

/** What every download call may say about where from and where to. */
export interface DownloadTarget {
  readonly repoType?: RepoType;
  /** Branch, tag or commit (default "main"). */
  readonly revision?: string;
  /** The HF cache to use (default: the engine's, i.e. HF_HUB_CACHE). */
  readonly cacheDir?: string;
  /** Plain files in this folder instead of the cache (Python's `local_dir`). */
  readonly localDir?: string;
  readonly endpoint?: string;
  readonly token?: string;
  /** Download again even when the cache has the file. */
  readonly force?: boolean;
  /** No network at all; answer from the cache (HF_HUB_OFFLINE). */
  readonly offline?: boolean;
  readonly signal?: AbortSignal;
}

export interface EngineDefaults {
  readonly cacheDir: string;
  readonly endpoint: string;
  /** The user's token: sent to the default endpoint only, never to one passed per call. */
  readonly token: () => string | undefined;
  readonly offline: boolean;
  readonly symlinks: boolean;
  readonly etagTimeoutMs: number;
  readonly maxWorkers: number;
}

export interface EngineContext {
  readonly client: UpstreamClient;
  readonly fetcher: BlobFetcher;
  readonly defaults: EngineDefaults;
}

export interface ResolvedTarget {
  readonly type: RepoType;
  readonly repoId: string;
  readonly revision: string;
  readonly endpoint: string;
  readonly token: string | undefined;
  readonly layout: CacheLayout;
  readonly localDir: string | undefined;
  readonly force: boolean;
  readonly offline: boolean;
  readonly signal: AbortSignal | undefined;
}

/**
 * A repo id as hubs accept it: "namespace/name", or a bare legacy name such as "gpt2" (the
 * cache folder is then models--gpt2, as Python names it).
 */
export function checkRemoteRepoId(repoId: string): void {
  const parts = repoId.split('/');
  const problem = parts.length > 2 ? 'expected "namespace/name"' : parts.map((part) => nameProblem(part)).find((found) => found !== undefined);
  if (problem !== undefined) throw new AppError('InvalidRepoName', `Invalid repo id "${repoId}": ${problem}`);
}

/** 40-hex git commits, and the 64-hex ids some hubs (KohakuHub) use. */
export function isCommitId(revision: string): boolean {
  return /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(revision);
}

export function resolveTarget(ctx: EngineContext, repoId: string, options: DownloadTarget): ResolvedTarget {
  const type = options.repoType ?? 'model';
  checkRemoteRepoId(repoId);
  const endpoint = trimEndpoint(options.endpoint ?? ctx.defaults.endpoint);
  const token = options.token ?? (endpoint === trimEndpoint(ctx.defaults.endpoint) ? ctx.defaults.token() : undefined);
  return {
    type,
    repoId,
    revision: options.revision ?? 'main',
    endpoint,
    token,
    layout: new CacheLayout(resolve(options.cacheDir ?? ctx.defaults.cacheDir)),
    localDir: options.localDir === undefined ? undefined : resolve(options.localDir),
    force: options.force ?? false,
    offline: options.offline ?? ctx.defaults.offline,
    signal: options.signal,
  };
}

/** The token for a download URL: only when it is on the hub's own host (Python drops it for CDN redirects). */
export function tokenFor(target: ResolvedTarget, url: string): string | undefined {
  return new URL(url).host === new URL(target.endpoint).host ? target.token : undefined;
}

/**
 * Whether a failed metadata call may be answered from the cache, as Python does for everything
 * but a missing revision or file: network trouble, 5xx, rate limits, auth, missing/gated repos.
 */
export function mayUseCacheAfter(error: unknown): boolean {
  if (!isAppError(error)) return false;
  return error.code !== 'RevisionNotFound' && error.code !== 'EntryNotFound' && error.code !== 'IntegrityError' && error.code !== 'InsufficientStorage';
}

export function offlineMiss(target: ResolvedTarget, what: string): AppError {
  return new AppError(
    'LocalEntryNotFound',
    `Offline mode is on (HF_HUB_OFFLINE) and ${what} of ${target.repoId} at "${target.revision}" is not in the cache (${target.localDir ?? target.layout.root})`,
  );
}
