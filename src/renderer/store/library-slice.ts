import type { StateCreator } from 'zustand/vanilla';
import { DEFAULT_FILTERS, DEFAULT_SORT, type LibraryFilters, type LibrarySort, type SortKey } from '../features/library/library-rows.js';
import type { AppState } from './app-store.js';

export interface LibrarySlice {
  readonly libraryFilters: LibraryFilters;
  readonly librarySort: LibrarySort;
  readonly setLibraryFilters: (change: Partial<LibraryFilters>) => void;
  /** Sorting by the current key flips the direction; a new key starts with its natural direction. */
  readonly sortLibraryBy: (key: SortKey) => void;
  readonly resetLibraryFilters: () => void;
}

export function createLibrarySlice(): StateCreator<AppState, [], [], LibrarySlice> {
  return (set) => ({
    libraryFilters: DEFAULT_FILTERS,
    librarySort: DEFAULT_SORT,
    setLibraryFilters: (change) => set((state) => ({ libraryFilters: { ...state.libraryFilters, ...change } })),
    sortLibraryBy: (key) =>
      set((state) => ({
        librarySort:
          state.librarySort.key === key
            ? { key, direction: state.librarySort.direction === 'asc' ? 'desc' : 'asc' }
            : { key, direction: key === 'name' ? 'asc' : 'desc' },
      })),
    resetLibraryFilters: () => set({ libraryFilters: DEFAULT_FILTERS }),
  });
}
