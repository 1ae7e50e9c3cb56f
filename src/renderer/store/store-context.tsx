import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '../api/api-client.js';
import type { AppState, AppStore } from './app-store.js';

const AppStoreContext = createContext<AppStore | undefined>(undefined);
const ApiContext = createContext<ApiClient | undefined>(undefined);

export interface AppStoreProviderProps {
  readonly store: AppStore;
  /** For one-off actions whose answers are not server state worth caching (previews, locations). */
  readonly api: ApiClient;
  readonly children: ReactNode;
}

/** Hands the one store (and API client) created in main.tsx to the component tree (no module-level state). */
export function AppStoreProvider({ store, api, children }: AppStoreProviderProps): ReactNode {
  return (
    <AppStoreContext value={store}>
      <ApiContext value={api}>{children}</ApiContext>
    </AppStoreContext>
  );
}

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (api === undefined) throw new Error('useApi needs an <AppStoreProvider> above it');
  return api;
}

/** Subscribes to one piece of the state; select stable values (no new objects) to avoid re-renders. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (store === undefined) throw new Error('useAppStore needs an <AppStoreProvider> above it');
  return useStore(store, selector);
}
