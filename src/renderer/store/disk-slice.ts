import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-store.js';

export interface DiskSlice {
  /** Cached snapshots picked for cleanup, as "type:id@commit". */
  readonly cleanupSelection: Readonly<Record<string, true>>;
  readonly toggleCleanup: (revision: string) => void;
  readonly clearCleanup: () => void;
}

export function createDiskSlice(): StateCreator<AppState, [], [], DiskSlice> {
  return (set) => ({
    cleanupSelection: {},
    toggleCleanup: (revision) =>
      set((state) => {
        const next = { ...state.cleanupSelection };
        if (next[revision] === true) delete next[revision];
        else next[revision] = true;
        return { cleanupSelection: next };
      }),
    clearCleanup: () => set({ cleanupSelection: {} }),
  });
}
