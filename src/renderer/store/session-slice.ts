import type { StateCreator } from 'zustand/vanilla';
import type { SessionInfo, SignInRequest } from '../../shared/app-api.js';
import type { ApiClient } from '../api/api-client.js';
import type { AppState } from './app-store.js';
import { describeError } from './query-slice.js';

export type SessionView =
  | { readonly phase: 'checking' }
  | { readonly phase: 'signed-out'; readonly message: string | undefined }
  | { readonly phase: 'signed-in'; readonly session: SessionInfo };

export interface SessionSlice {
  readonly session: SessionView;
  readonly checkSession: () => Promise<void>;
  /** Resolves with an error message to show, or undefined when signed in. */
  readonly signIn: (request: SignInRequest) => Promise<string | undefined>;
  readonly signOut: () => Promise<void>;
  /** The core refused the session (expired, revoked, or signed out elsewhere). */
  readonly sessionExpired: () => void;
}

export interface SessionSliceDeps {
  readonly api: ApiClient;
}

export function createSessionSlice(deps: SessionSliceDeps): StateCreator<AppState, [], [], SessionSlice> {
  return (set, get) => ({
    session: { phase: 'checking' },
    checkSession: async () => {
      try {
        const session = await deps.api.getSession();
        set({ session: { phase: 'signed-in', session } });
      } catch (error) {
        const failure = describeError(error);
        set({ session: { phase: 'signed-out', message: failure.code === 'Unauthorized' ? undefined : failure.message } });
      }
    },
    signIn: async (request) => {
      try {
        const session = await deps.api.signIn(request);
        set({ session: { phase: 'signed-in', session }, queries: {} });
        return undefined;
      } catch (error) {
        return describeError(error).message;
      }
    },
    signOut: async () => {
      await deps.api.signOut().catch(() => undefined);
      set({ session: { phase: 'signed-out', message: undefined }, queries: {} });
    },
    sessionExpired: () => {
      if (get().session.phase !== 'signed-in') return;
      set({ session: { phase: 'signed-out', message: 'Your session has ended. Sign in again.' } });
    },
  });
}
