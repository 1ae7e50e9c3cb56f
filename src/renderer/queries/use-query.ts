import { useEffect } from 'react';
import { useAppStore } from '../store/store-context.js';
import type { QueryDef, QueryFailure } from '../store/query-slice.js';

export interface QueryView<T> {
  /** The last good answer (also while refetching or after a failed refetch). */
  readonly data: T | undefined;
  readonly loading: boolean;
  readonly error: QueryFailure | undefined;
  readonly refetch: () => void;
}

/**
 * Reads a query from the store's cache, loading it when it is missing or stale. Pass undefined to
 * read nothing (a screen that does not know yet what to ask).
 */
export function useQuery<T>(def: QueryDef<T> | undefined): QueryView<T> {
  const key = def?.key;
  const entry = useAppStore((state) => (key === undefined ? undefined : state.queries[key]));
  const fetchQuery = useAppStore((state) => state.fetchQuery);
  const needsLoad = def !== undefined && (entry === undefined || (entry.stale && entry.status !== 'loading'));

  useEffect(() => {
    if (needsLoad) void fetchQuery(def);
    // The key names the query: the def object itself is rebuilt on every render.
  }, [key, needsLoad, fetchQuery]);

  return {
    // The entry under this key was written by this def's loader, so its data is a T.
    data: entry?.data as T | undefined,
    loading: entry === undefined ? def !== undefined : entry.status === 'loading',
    error: entry?.status === 'error' ? entry.error : undefined,
    refetch: () => {
      if (def) void fetchQuery(def, { force: true });
    },
  };
}
