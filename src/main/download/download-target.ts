import { resolve } from 'node:path';
import { AppError, isAppError } from '../../shared/errors.js';
import { nameProblem, type RepoType } from '../../shared/repo-id.js';
import { trimEndpoint } from '../../shared/endpoint.js';
import type { UpstreamClient } from '../upstream/index.js';
import type { BlobFetcher } from '../transfer/index.js';
import { CacheLayout } from '../cache/index.js';
import type { TokenLookup } from '../credentials/index.js';
import type { DownloadRequest, DownloadRequestInput } from './download-request.js';

/** What a call adds to its request; never stored with a job. */
export interface DownloadCall {
  /** A token for this call only (the CLI's --token); otherwise credentials' token for the endpoint. */
  readonly token?: string;
  /** No network at all; answer from the cache (HF_HUB_OFFLINE). */
  readonly offline?: boolean;
  readonly signal?: AbortSignal;
}

/** The engine's methods take a request's fields (repo id and files apart) and the call's. */
export type DownloadOptions = Omit<DownloadRequestInput, 'repoId' | 'files'> & DownloadCall;

export interface EngineDefaults {
  readonly cacheDir: string;
  readonly endpoint: string;
  /** The token for a hub (credentials/ decides: saved hubs, HF_TOKEN or the token file for the default hub). */
  readonly tokens: TokenLookup;
  readonly offline: boolean;
  readonly symlinks: boolean;
  readonly etagTimeoutMs: number;
  readonly maxWorkers: number;
}

/**
 * A file on this machine holding verified content with this hash (an LFS sha256 or a git blob
 * oid) and size, such as the hub's blob store: the cache shares its bytes instead of downloading them.
 */
export type LocalContent = (hash: string, size: number) => string | undefined;

export interface EngineContext {
  readonly client: UpstreamClient;
  readonly fetcher: BlobFetcher;
  readonly defaults: EngineDefaults;
  readonly localContent?: LocalContent | undefined;
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

export function resolveTarget(ctx: EngineContext, request: DownloadRequest, call: DownloadCall): ResolvedTarget {
  checkRemoteRepoId(request.repoId);
  const endpoint = trimEndpoint(request.endpoint ?? ctx.defaults.endpoint);
  return {
    type: request.repoType,
    repoId: request.repoId,
    revision: request.revision,
    endpoint,
    token: call.token ?? ctx.defaults.tokens(endpoint),
    layout: new CacheLayout(resolve(request.cacheDir ?? ctx.defaults.cacheDir)),
    localDir: request.localDir === undefined ? undefined : resolve(request.localDir),
    force: request.force,
    offline: call.offline ?? ctx.defaults.offline,
    signal: call.signal,
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
