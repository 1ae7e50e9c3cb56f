import { APP_API_PREFIX } from '../../shared/app-api.js';
import type {
  DuplicatePlacesResponse, DuplicatesResponse, FactsFilterQuery, FindKind, FindResponse, FolderListingResponse, OutdatedResponse, RefreshResponse, RepoFactsResponse, SimilarResponse, StoredRevisionsResponse,
  StructureDiffResponse, TrackRepoRequest, TrackedRepoView, TrackedReposWithFactsResponse, TrackingStatsResponse,
} from '../../shared/tracking-api.js';

/** How the tracking calls reach the core: the API client's JSON requests. */
export interface JsonTransport {
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  send(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
}

/** The Tracking screen's calls (/-/api/v1/tracking/...). */
export interface TrackingApi {
  /** The tracked repos with their model facts; with a filter, those whose facts pass it. */
  list(signal?: AbortSignal, filter?: FactsFilterQuery): Promise<TrackedReposWithFactsResponse>;
  track(request: TrackRepoRequest): Promise<TrackedRepoView>;
  untrack(id: number): Promise<void>;
  /** Refreshes one tracked repo, or every one without an id; answers when done. */
  refresh(id?: number): Promise<RefreshResponse>;
  find(kind: FindKind, text: string, signal?: AbortSignal): Promise<FindResponse>;
  /** A folder of a stored revision: `revision` a ref or commit, the tracked revision's current commit when absent. */
  folder(id: number, path: string, revision: string | undefined, signal?: AbortSignal): Promise<FolderListingResponse>;
  revisions(id: number, signal?: AbortSignal): Promise<StoredRevisionsResponse>;
  /** The model facts of a stored revision (a ref or commit; the current one when absent). */
  facts(id: number, revision: string | undefined, signal?: AbortSignal): Promise<RepoFactsResponse>;
  diff(id: number, from: string, to: string, signal?: AbortSignal): Promise<StructureDiffResponse>;
  stats(signal?: AbortSignal): Promise<TrackingStatsResponse>;
  duplicates(signal?: AbortSignal): Promise<DuplicatesResponse>;
  /** The files holding one content (its sha256 or git oid), the first 2,000. */
  duplicatePlaces(hash: string, signal?: AbortSignal): Promise<DuplicatePlacesResponse>;
  /** The repos most like a tracked repo. */
  similar(id: number, signal?: AbortSignal): Promise<SimilarResponse>;
  /** The HF cache's refs behind a saved hub (by its id), or the default hub without one (one request to it per ref). */
  outdated(hub: string | undefined, signal?: AbortSignal): Promise<OutdatedResponse>;
}

const BASE = `${APP_API_PREFIX}/tracking`;

export function createTrackingApi(transport: JsonTransport): TrackingApi {
  // The core builds these answers from the same shared types; they are not re-validated field by field.
  const get = <T>(path: string, query: Readonly<Record<string, string>>, signal?: AbortSignal): Promise<T> => {
    const search = new URLSearchParams(query).toString();
    return transport.get(`${BASE}${path}${search === '' ? '' : `?${search}`}`, signal) as Promise<T>;
  };
  return {
    list: (signal, filter = {}) => get('/repos', definedOnly(filter), signal),
    track: (request) => transport.send('POST', `${BASE}/repos`, request) as Promise<TrackedRepoView>,
    untrack: async (id) => {
      await transport.send('DELETE', `${BASE}/repos/${id}`);
    },
    refresh: (id) => transport.send('POST', `${BASE}/refresh`, id === undefined ? {} : { id }) as Promise<RefreshResponse>,
    find: (kind, text, signal) => get('/find', { [kind]: text }, signal),
    folder: (id, path, revision, signal) => get(`/repos/${id}/tree`, { ...(path === '' ? {} : { path }), ...(revision === undefined ? {} : { revision }) }, signal),
    revisions: (id, signal) => get(`/repos/${id}/revisions`, {}, signal),
    facts: (id, revision, signal) => get(`/repos/${id}/facts`, revision === undefined ? {} : { revision }, signal),
    diff: (id, from, to, signal) => get(`/repos/${id}/diff`, { from, to }, signal),
    stats: (signal) => get('/stats', {}, signal),
    duplicates: (signal) => get('/duplicates', {}, signal),
    duplicatePlaces: (hash, signal) => get('/duplicates/places', { hash }, signal),
    similar: (id, signal) => get('/similar', { repo: String(id) }, signal),
    outdated: (hub, signal) => get('/outdated', hub === undefined ? {} : { hub }, signal),
  };
}

/** The filters given, as query parameters. */
export function definedOnly(query: FactsFilterQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
