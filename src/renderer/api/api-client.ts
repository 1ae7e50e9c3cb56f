import {
  APP_API_PREFIX,
  type CleanupPreview,
  type CleanupRequest,
  type CommitsResponse,
  type DeletePreview,
  type DeleteResult,
  type DiffResponse,
  type DiscussionDetails,
  type DiscussionsResponse,
  type DeepLinkResponse,
  type DiskUsage,
  type DownloadAction,
  type DownloadJob,
  type DownloadsResponse,
  type HubInput,
  type LibraryResponse,
  type LocationResponse,
  type MergeResponse,
  type ReadmeResponse,
  type RemoteHub,
  type RemoteRepoInfo,
  type RemoteSearchResponse,
  type RepoOverview,
  type RepoSource,
  type RepoTree,
  type SavedHub,
  type ServerSettingsUpdate,
  type SessionInfo,
  type Settings,
  type SignInRequest,
  type StartDownloadRequest,
  type TokensResponse,
} from '../../shared/app-api.js';
import { AppError, ERROR_STATUS, type ErrorCode } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { FactsFilterQuery, LibraryFactsResponse } from '../../shared/tracking-api.js';
import { createTrackingApi, definedOnly, type TrackingApi } from './tracking-api.js';
import { createSyncApi, type SyncApi } from './sync-api.js';
import { createModelFoldersApi, type ModelFoldersApi } from './model-folders-api.js';

/** What `GET /health` tells the UI. Extra fields the core may add are ignored. */
export interface Health {
  readonly status: string;
  readonly version: string | undefined;
}

/** A repo as the app API addresses it. */
export interface RepoKey {
  readonly source: RepoSource;
  readonly type: RepoType;
  readonly id: string;
}

export interface ApiClient {
  getHealth(signal?: AbortSignal): Promise<Health>;
  getSession(signal?: AbortSignal): Promise<SessionInfo>;
  signIn(request: SignInRequest): Promise<SessionInfo>;
  signOut(): Promise<void>;
  getLibrary(signal?: AbortSignal): Promise<LibraryResponse>;
  /** The model facts of the library's repos; with a filter, of those whose facts pass it. */
  getLibraryFacts(filter: FactsFilterQuery, signal?: AbortSignal): Promise<LibraryFactsResponse>;
  getRepo(repo: RepoKey, signal?: AbortSignal): Promise<RepoOverview>;
  getTree(repo: RepoKey, revision: string, signal?: AbortSignal): Promise<RepoTree>;
  getCommits(repo: RepoKey, revision: string, signal?: AbortSignal): Promise<CommitsResponse>;
  getReadme(repo: RepoKey, revision: string, signal?: AbortSignal): Promise<ReadmeResponse>;
  getDiff(repo: RepoKey, from: string, to: string, signal?: AbortSignal): Promise<DiffResponse>;
  getLocation(repo: RepoKey, revision: string, signal?: AbortSignal): Promise<LocationResponse>;
  previewDelete(repo: RepoKey, revision: string): Promise<DeletePreview>;
  deleteRevision(repo: RepoKey, revision: string): Promise<DeleteResult>;
  /** Discussions and pull requests of a hub repo, newest first. */
  getDiscussions(repo: RepoKey, signal?: AbortSignal): Promise<DiscussionsResponse>;
  getDiscussion(repo: RepoKey, num: number, signal?: AbortSignal): Promise<DiscussionDetails>;
  commentDiscussion(repo: RepoKey, num: number, comment: string): Promise<DiscussionDetails>;
  setDiscussionStatus(repo: RepoKey, num: number, status: 'open' | 'closed'): Promise<DiscussionDetails>;
  mergePullRequest(repo: RepoKey, num: number): Promise<MergeResponse>;
  getHubs(signal?: AbortSignal): Promise<{ hubs: RemoteHub[] }>;
  addHub(input: HubInput): Promise<RemoteHub>;
  updateHub(id: string, input: HubInput): Promise<SavedHub>;
  removeHub(id: string): Promise<void>;
  searchRemote(hub: string, type: RepoType, query: string, signal?: AbortSignal): Promise<RemoteSearchResponse>;
  getRemoteRepo(hub: string, type: RepoType, repo: string, revision: string, signal?: AbortSignal): Promise<RemoteRepoInfo>;
  getDownloads(signal?: AbortSignal): Promise<DownloadsResponse>;
  startDownload(request: StartDownloadRequest): Promise<DownloadJob>;
  actOnDownload(id: string, action: DownloadAction): Promise<DownloadJob>;
  getDisk(signal?: AbortSignal): Promise<DiskUsage>;
  /** Checks a `hubkeeper://` link; a bad one is refused with the reason. */
  checkDeepLink(url: string, signal?: AbortSignal): Promise<DeepLinkResponse>;
  previewCleanup(request: CleanupRequest): Promise<CleanupPreview>;
  cleanup(request: CleanupRequest): Promise<CleanupPreview>;
  getSettings(signal?: AbortSignal): Promise<Settings>;
  moveCache(path: string): Promise<{ path: string }>;
  updateServerSettings(update: ServerSettingsUpdate): Promise<Settings>;
  /** The signed-in user's tokens; with `everyone` (the owner only), every user's. */
  getTokens(everyone: boolean, signal?: AbortSignal): Promise<TokensResponse>;
  /** Revokes a token: one's own, or (the owner) anyone's. */
  revokeToken(user: string, id: number, own: boolean): Promise<void>;
  /** Structure tracking: tracked repos, their folders and diffs, search by file or hash. */
  readonly tracking: TrackingApi;
  /** Pulls, mirrors and sync status of local hub repos. */
  readonly sync: SyncApi;
  /** Settings' model folders and their import into the local hub. */
  readonly modelFolders: ModelFoldersApi;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorCode(value: string | null): value is ErrorCode {
  return value !== null && Object.hasOwn(ERROR_STATUS, value);
}

export function parseHealth(body: unknown): Health {
  if (!isRecord(body) || typeof body.status !== 'string') {
    throw new AppError('Internal', 'The core answered /health with an unexpected body');
  }
  return { status: body.status, version: typeof body.version === 'string' ? body.version : undefined };
}

/** Turns an error response into an AppError, preferring the core's X-Error-* headers. */
export async function errorFromResponse(response: Response): Promise<AppError> {
  const headerCode = response.headers.get('X-Error-Code');
  let message = response.headers.get('X-Error-Message');
  if (message === null && response.headers.get('Content-Type')?.startsWith('application/json') === true) {
    const body: unknown = await response.json().catch(() => undefined);
    if (isRecord(body) && typeof body.error === 'string') message = body.error;
  }
  const code = isErrorCode(headerCode) ? headerCode : 'Internal';
  const text = message ?? `HTTP ${response.status} ${response.statusText}`.trim();
  return new AppError(code, text, { httpStatus: String(response.status) });
}

function repoPath(repo: RepoKey, suffix = ''): string {
  return `${APP_API_PREFIX}/repos/${repo.source}/${repo.type}/${encodeURIComponent(repo.id)}${suffix}`;
}

function withQuery(path: string, query: Readonly<Record<string, string>>): string {
  return `${path}?${new URLSearchParams(query).toString()}`;
}

/**
 * The renderer's only door to the core: relative URLs on the origin that served the UI. Answers
 * of the app API are typed by the contract in src/shared/app-api.ts, which the core builds them from.
 */
export function createApiClient(fetchImpl: FetchLike = (input, init) => fetch(input, init)): ApiClient {
  async function send(path: string, init: RequestInit): Promise<Response> {
    const response = await fetchImpl(path, { credentials: 'same-origin', ...init });
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function getJson(path: string, signal: AbortSignal | undefined): Promise<unknown> {
    const response = await send(path, { headers: { Accept: 'application/json' }, ...(signal === undefined ? {} : { signal }) });
    return response.json();
  }

  /** State changes always carry a JSON body: the core refuses anything else (no cross-site form posts). */
  async function sendJson(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown = {}): Promise<unknown> {
    const response = await send(path, {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.json();
  }

  // The core builds these answers from the same shared types; they are not re-validated field by field.
  const get = <T>(path: string, signal?: AbortSignal): Promise<T> => getJson(path, signal) as Promise<T>;
  const post = <T>(path: string, body?: unknown): Promise<T> => sendJson('POST', path, body) as Promise<T>;
  const api = APP_API_PREFIX;

  return {
    async getHealth(signal) {
      return parseHealth(await getJson('/health', signal));
    },
    getSession: (signal) => get(`${api}/session`, signal),
    signIn: (request) => post(`${api}/session`, request),
    signOut: async () => {
      await sendJson('DELETE', `${api}/session`);
    },
    getLibrary: (signal) => get(`${api}/library`, signal),
    getLibraryFacts: (filter, signal) => {
      const query = definedOnly(filter);
      return get(Object.keys(query).length === 0 ? `${api}/library/facts` : withQuery(`${api}/library/facts`, query), signal);
    },
    checkDeepLink: (url, signal) => get(withQuery(`${api}/deep-link`, { url }), signal),
    getRepo: (repo, signal) => get(repoPath(repo), signal),
    getTree: (repo, revision, signal) => get(withQuery(repoPath(repo, '/tree'), { revision }), signal),
    getCommits: (repo, revision, signal) => get(withQuery(repoPath(repo, '/commits'), { revision }), signal),
    getReadme: (repo, revision, signal) => get(withQuery(repoPath(repo, '/readme'), { revision }), signal),
    getDiff: (repo, from, to, signal) => get(withQuery(repoPath(repo, '/diff'), { from, to }), signal),
    getLocation: (repo, revision, signal) => get(withQuery(repoPath(repo, '/location'), { revision }), signal),
    previewDelete: (repo, revision) => post(repoPath(repo, '/delete-preview'), { revision }),
    deleteRevision: (repo, revision) => post(repoPath(repo, '/delete-revision'), { revision }),
    getDiscussions: (repo, signal) => get(repoPath(repo, '/discussions'), signal),
    getDiscussion: (repo, num, signal) => get(repoPath(repo, `/discussions/${num}`), signal),
    commentDiscussion: (repo, num, comment) => post(repoPath(repo, `/discussions/${num}/comment`), { comment }),
    setDiscussionStatus: (repo, num, status) => post(repoPath(repo, `/discussions/${num}/status`), { status }),
    mergePullRequest: (repo, num) => post(repoPath(repo, `/discussions/${num}/merge`)),
    getHubs: (signal) => get(`${api}/hubs`, signal),
    addHub: (input) => post(`${api}/hubs`, input),
    updateHub: (id, input) => sendJson('PUT', `${api}/hubs/${encodeURIComponent(id)}`, input) as Promise<SavedHub>,
    removeHub: async (id) => {
      await sendJson('DELETE', `${api}/hubs/${encodeURIComponent(id)}`);
    },
    searchRemote: (hub, type, query, signal) =>
      get(withQuery(`${api}/hubs/${encodeURIComponent(hub)}/search`, { type, q: query }), signal),
    getRemoteRepo: (hub, type, repo, revision, signal) =>
      get(withQuery(`${api}/hubs/${encodeURIComponent(hub)}/repos/${type}/${encodeURIComponent(repo)}`, { revision }), signal),
    getDownloads: (signal) => get(`${api}/downloads`, signal),
    startDownload: (request) => post(`${api}/downloads`, request),
    actOnDownload: (id, action) => post(`${api}/downloads/${encodeURIComponent(id)}/${action}`),
    getDisk: (signal) => get(`${api}/disk`, signal),
    previewCleanup: (request) => post(`${api}/disk/cleanup-preview`, request),
    cleanup: (request) => post(`${api}/disk/cleanup`, request),
    getSettings: (signal) => get(`${api}/settings`, signal),
    moveCache: (path) => post(`${api}/settings/cache-move`, { path }),
    updateServerSettings: (update) => sendJson('PUT', `${api}/settings/server`, update) as Promise<Settings>,
    getTokens: (everyone, signal) => get<TokensResponse>(`${api}/${everyone ? 'users/tokens' : 'tokens'}`, signal),
    revokeToken: async (user, id, own) => {
      await sendJson('DELETE', own ? `${api}/tokens/${id}` : `${api}/users/${encodeURIComponent(user)}/tokens/${id}`);
    },
    tracking: createTrackingApi({ get: getJson, send: sendJson }),
    sync: createSyncApi({ get: getJson, send: sendJson }),
    modelFolders: createModelFoldersApi({ get: getJson, send: sendJson }),
  };
}
