import { createStore, type StoreApi } from 'zustand/vanilla';
import { createHealthSlice, type HealthSlice, type HealthSliceDeps } from './health-slice.js';

/** The whole UI state: one slice per concern, combined here. */
export type AppState = HealthSlice;
export type AppStore = StoreApi<AppState>;
export type AppStoreDeps = HealthSliceDeps;

export function createAppStore(deps: AppStoreDeps): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createHealthSlice(deps)(...args),
  }));
}
