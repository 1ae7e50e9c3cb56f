import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './app-store.js';

const AppStoreContext = createContext<AppStore | undefined>(undefined);

export interface AppStoreProviderProps {
  readonly store: AppStore;
  readonly children: ReactNode;
}

/** Hands the one store created in main.tsx to the component tree (no module-level store). */
export function AppStoreProvider({ store, children }: AppStoreProviderProps): ReactNode {
  return <AppStoreContext value={store}>{children}</AppStoreContext>;
}

/** Subscribes to one piece of the state; select stable values (no new objects) to avoid re-renders. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (store === undefined) throw new Error('useAppStore needs an <AppStoreProvider> above it');
  return useStore(store, selector);
}
