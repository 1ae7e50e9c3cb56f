import type {
  DuplicatePlacesResponse, DuplicatesResponse, FactsFilterQuery, FindKind, FindResponse, FolderListingResponse, OutdatedResponse, RepoFactsResponse, SimilarResponse, StoredRevisionsResponse, StructureDiffResponse,
  TrackedReposWithFactsResponse, TrackingStatsResponse,
} from '../../shared/tracking-api.js';
import type { QueryDef } from '../store/query-slice.js';

/** Every tracking query's key starts with this: a change (track, refresh, untrack) invalidates them all. */
export const TRACKING_KEY = 'tracking:';

export const trackedReposQuery: QueryDef<TrackedReposWithFactsResponse> = { key: `${TRACKING_KEY}repos`, load: (api, signal) => api.tracking.list(signal) };

/** The tracked repos whose model facts pass a filter (all of them for an empty one). */
export function filteredReposQuery(filter: FactsFilterQuery): QueryDef<TrackedReposWithFactsResponse> {
  const search = JSON.stringify(filter);
  return search === '{}' ? trackedReposQuery : { key: `${TRACKING_KEY}repos:${search}`, load: (api, signal) => api.tracking.list(signal, filter) };
}

export const trackingStatsQuery: QueryDef<TrackingStatsResponse> = { key: `${TRACKING_KEY}stats`, load: (api, signal) => api.tracking.stats(signal) };

export const duplicatesQuery: QueryDef<DuplicatesResponse> = { key: `${TRACKING_KEY}duplicates`, load: (api, signal) => api.tracking.duplicates(signal) };

/** Every place of one duplicated content, asked when its row is opened. */
export function duplicatePlacesQuery(hash: string): QueryDef<DuplicatePlacesResponse> {
  return { key: `${TRACKING_KEY}duplicate-places:${hash}`, load: (api, signal) => api.tracking.duplicatePlaces(hash, signal) };
}

export function similarReposQuery(id: number): QueryDef<SimilarResponse> {
  return { key: `${TRACKING_KEY}similar:${id}`, load: (api, signal) => api.tracking.similar(id, signal) };
}

/** The HF cache's refs behind a saved hub (the default hub without one). */
export function outdatedQuery(hub: string | undefined): QueryDef<OutdatedResponse> {
  return { key: `${TRACKING_KEY}outdated:${hub ?? ''}`, load: (api, signal) => api.tracking.outdated(hub, signal) };
}

export function trackedFolderQuery(id: number, path: string, revision: string | undefined): QueryDef<FolderListingResponse> {
  return { key: `${TRACKING_KEY}folder:${id}@${revision ?? ''}:${path}`, load: (api, signal) => api.tracking.folder(id, path, revision, signal) };
}

export function trackedFindQuery(kind: FindKind, text: string): QueryDef<FindResponse> {
  return { key: `${TRACKING_KEY}find:${kind}:${text}`, load: (api, signal) => api.tracking.find(kind, text, signal) };
}

export function storedRevisionsQuery(id: number): QueryDef<StoredRevisionsResponse> {
  return { key: `${TRACKING_KEY}revisions:${id}`, load: (api, signal) => api.tracking.revisions(id, signal) };
}

/** A stored revision's model facts (the current revision's without one). */
export function trackedFactsQuery(id: number, revision: string | undefined): QueryDef<RepoFactsResponse> {
  return { key: `${TRACKING_KEY}facts:${id}@${revision ?? ''}`, load: (api, signal) => api.tracking.facts(id, revision, signal) };
}

export function trackedDiffQuery(id: number, from: string, to: string): QueryDef<StructureDiffResponse> {
  return { key: `${TRACKING_KEY}diff:${id}:${from}..${to}`, load: (api, signal) => api.tracking.diff(id, from, to, signal) };
}
