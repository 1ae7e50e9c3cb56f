import type { FindKind, FindResponse, FolderListingResponse, StoredRevisionsResponse, StructureDiffResponse, TrackedReposResponse } from '../../shared/tracking-api.js';
import type { QueryDef } from '../store/query-slice.js';

/** Every tracking query's key starts with this: a change (track, refresh, untrack) invalidates them all. */
export const TRACKING_KEY = 'tracking:';

export const trackedReposQuery: QueryDef<TrackedReposResponse> = { key: `${TRACKING_KEY}repos`, load: (api, signal) => api.tracking.list(signal) };

export function trackedFolderQuery(id: number, path: string, revision: string | undefined): QueryDef<FolderListingResponse> {
  return { key: `${TRACKING_KEY}folder:${id}@${revision ?? ''}:${path}`, load: (api, signal) => api.tracking.folder(id, path, revision, signal) };
}

export function trackedFindQuery(kind: FindKind, text: string): QueryDef<FindResponse> {
  return { key: `${TRACKING_KEY}find:${kind}:${text}`, load: (api, signal) => api.tracking.find(kind, text, signal) };
}

export function storedRevisionsQuery(id: number): QueryDef<StoredRevisionsResponse> {
  return { key: `${TRACKING_KEY}revisions:${id}`, load: (api, signal) => api.tracking.revisions(id, signal) };
}

export function trackedDiffQuery(id: number, from: string, to: string): QueryDef<StructureDiffResponse> {
  return { key: `${TRACKING_KEY}diff:${id}:${from}..${to}`, load: (api, signal) => api.tracking.diff(id, from, to, signal) };
}
