import { APP_API_PREFIX } from '../../shared/app-api.js';
import type {
  FindKind, FindResponse, FolderListingResponse, RefreshResponse, StoredRevisionsResponse, StructureDiffResponse, TrackRepoRequest, TrackedRepoView,
  TrackedReposResponse,
} from '../../shared/tracking-api.js';

/** How the tracking calls reach the core: the API client's JSON requests. */
export interface JsonTransport {
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  send(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
}

/** The Tracking screen's calls (/-/api/v1/tracking/...). */
export interface TrackingApi {
  list(signal?: AbortSignal): Promise<TrackedReposResponse>;
  track(request: TrackRepoRequest): Promise<TrackedRepoView>;
  untrack(id: number): Promise<void>;
  /** Refreshes one tracked repo, or every one without an id; answers when done. */
  refresh(id?: number): Promise<RefreshResponse>;
  find(kind: FindKind, text: string, signal?: AbortSignal): Promise<FindResponse>;
  /** A folder of a stored revision: `revision` a ref or commit, the tracked revision's current commit when absent. */
  folder(id: number, path: string, revision: string | undefined, signal?: AbortSignal): Promise<FolderListingResponse>;
  revisions(id: number, signal?: AbortSignal): Promise<StoredRevisionsResponse>;
  diff(id: number, from: string, to: string, signal?: AbortSignal): Promise<StructureDiffResponse>;
}

const BASE = `${APP_API_PREFIX}/tracking`;

export function createTrackingApi(transport: JsonTransport): TrackingApi {
  // The core builds these answers from the same shared types; they are not re-validated field by field.
  const get = <T>(path: string, query: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<T> => {
    const search = new URLSearchParams(query).toString();
    return transport.get(`${BASE}${path}${search === '' ? '' : `?${search}`}`, signal) as Promise<T>;
  };
  return {
    list: (signal) => get('/repos', {}, signal),
    track: (request) => transport.send('POST', `${BASE}/repos`, request) as Promise<TrackedRepoView>,
    untrack: async (id) => {
      await transport.send('DELETE', `${BASE}/repos/${id}`);
    },
    refresh: (id) => transport.send('POST', `${BASE}/refresh`, id === undefined ? {} : { id }) as Promise<RefreshResponse>,
    find: (kind, text, signal) => get('/find', { [kind]: text }, signal),
    folder: (id, path, revision, signal) => get(`/repos/${id}/tree`, { ...(path === '' ? {} : { path }), ...(revision === undefined ? {} : { revision }) }, signal),
    revisions: (id, signal) => get(`/repos/${id}/revisions`, {}, signal),
    diff: (id, from, to, signal) => get(`/repos/${id}/diff`, { from, to }, signal),
  };
}
