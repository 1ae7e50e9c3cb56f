import type { StateCreator } from 'zustand/vanilla';
import { isAppError } from '../../shared/errors.js';
import type { ApiClient } from '../api/api-client.js';
import type { AppState } from './app-store.js';

/** One piece of server state: a key and how to load it. */
export interface QueryDef<T> {
  readonly key: string;
  readonly load: (api: ApiClient, signal: AbortSignal) => Promise<T>;
}

export interface QueryFailure {
  readonly code: string;
  readonly message: string;
}

export interface QueryEntry {
  readonly status: 'loading' | 'success' | 'error';
  /** The last good answer: kept while refetching and after a failed refetch. */
  readonly data: unknown;
  readonly error: QueryFailure | undefined;
  readonly fetchedAt: number | undefined;
  /** Invalidated: the next reader refetches it. */
  readonly stale: boolean;
}

export interface QuerySlice {
  readonly queries: Readonly<Record<string, QueryEntry>>;
  /** Loads a query unless it is loading already (then joins that load); `force` starts a new one. */
  readonly fetchQuery: <T>(def: QueryDef<T>, options?: { readonly force?: boolean }) => Promise<void>;
  /** Marks every query whose key starts with one of the prefixes as stale. */
  readonly invalidateQueries: (...prefixes: readonly string[]) => void;
}

export interface QuerySliceDeps {
  readonly api: ApiClient;
  readonly now: () => number;
}

export function describeError(error: unknown): QueryFailure {
  if (isAppError(error)) return { code: error.code, message: error.message };
  // fetch rejects with a TypeError when the core is not listening at all.
  return { code: 'Unreachable', message: `Cannot reach the HubKeeper core (${error instanceof Error ? error.message : String(error)})` };
}

/** Server state, fetched and cached in one place for every screen. */
export function createQuerySlice(deps: QuerySliceDeps): StateCreator<AppState, [], [], QuerySlice> {
  // Per store, not per module: in-flight loads, so that readers of one key share one request.
  const inFlight = new Map<string, { readonly controller: AbortController; readonly done: Promise<void> }>();

  return (set, get) => {
    function write(key: string, entry: QueryEntry): void {
      set((state) => ({ queries: { ...state.queries, [key]: entry } }));
    }

    return {
      queries: {},
      fetchQuery: (def, options) => {
        const running = inFlight.get(def.key);
        if (running && options?.force !== true) return running.done;
        running?.controller.abort();
        const controller = new AbortController();
        const previous = get().queries[def.key];
        write(def.key, {
          status: 'loading',
          data: previous?.data,
          error: undefined,
          fetchedAt: previous?.fetchedAt,
          stale: false,
        });
        // Settled loads leave inFlight before their answer is written: a screen that sees the answer
        // still stale (invalidated meanwhile) then starts a new load instead of joining this one.
        const settle = (): void => {
          if (inFlight.get(def.key)?.controller === controller) inFlight.delete(def.key);
        };
        const done = def.load(deps.api, controller.signal).then(
          (data) => {
            if (controller.signal.aborted) return;
            settle();
            // Invalidated while loading (a change landed meanwhile): the answer may predate it, so it stays stale and loads again.
            const invalidated = get().queries[def.key]?.stale === true;
            write(def.key, { status: 'success', data, error: undefined, fetchedAt: deps.now(), stale: invalidated });
          },
          (error: unknown) => {
            if (controller.signal.aborted) return;
            settle();
            const failure = describeError(error);
            write(def.key, { status: 'error', data: get().queries[def.key]?.data, error: failure, fetchedAt: deps.now(), stale: false });
            if (failure.code === 'Unauthorized') get().sessionExpired();
          },
        );
        const tracked = done.finally(settle);
        inFlight.set(def.key, { controller, done: tracked });
        return tracked;
      },
      invalidateQueries: (...prefixes) => {
        set((state) => {
          const queries: Record<string, QueryEntry> = {};
          for (const [key, entry] of Object.entries(state.queries)) {
            queries[key] = prefixes.some((prefix) => key.startsWith(prefix)) ? { ...entry, stale: true } : entry;
          }
          return { queries };
        });
      },
    };
  };
}
