import type { StateCreator } from 'zustand/vanilla';
import { isAppError } from '../../shared/errors.js';
import type { ApiClient, Health } from '../api/api-client.js';
import type { AppState } from './app-store.js';

export type HealthView =
  | { readonly phase: 'idle' }
  | { readonly phase: 'ready'; readonly health: Health; readonly checkedAt: number }
  | { readonly phase: 'error'; readonly message: string; readonly checkedAt: number };

export interface HealthSlice {
  readonly health: HealthView;
  /** A check is in flight; the last answer stays on screen meanwhile. */
  readonly healthChecking: boolean;
  readonly refreshHealth: (signal?: AbortSignal) => Promise<void>;
}

export interface HealthSliceDeps {
  readonly api: ApiClient;
  readonly now: () => number;
}

function describeFailure(error: unknown): string {
  if (isAppError(error)) return error.message;
  // fetch rejects with a TypeError when the core is not listening at all.
  return `Cannot reach the HubKeeper core (${error instanceof Error ? error.message : String(error)})`;
}

export function createHealthSlice(deps: HealthSliceDeps): StateCreator<AppState, [], [], HealthSlice> {
  // Only the newest check may write its answer: an older, slower one must not overwrite it.
  let latest = 0;
  return (set) => ({
    health: { phase: 'idle' },
    healthChecking: false,
    refreshHealth: async (signal) => {
      const ticket = ++latest;
      set({ healthChecking: true });
      let next: HealthView;
      try {
        next = { phase: 'ready', health: await deps.api.getHealth(signal), checkedAt: deps.now() };
      } catch (error) {
        if (signal?.aborted === true) {
          if (ticket === latest) set({ healthChecking: false });
          return;
        }
        next = { phase: 'error', message: describeFailure(error), checkedAt: deps.now() };
      }
      if (ticket === latest) set({ health: next, healthChecking: false });
    },
  });
}
