import type { StateCreator } from 'zustand/vanilla';
import { DEFAULT_ROUTE, formatHash, parseHash, type Route } from '../routing/routes.js';
import type { AppState } from './app-store.js';

/** Where the URL lives: window.location in the app, a recorder in tests. */
export interface LocationPort {
  readonly hash: () => string;
  readonly setHash: (hash: string, replace: boolean) => void;
}

export interface NavigationSlice {
  readonly route: Route;
  readonly navigate: (route: Route, options?: { readonly replace?: boolean }) => void;
  /** Reads the route from the URL (at start and on hashchange). */
  readonly syncRoute: () => void;
}

export function createNavigationSlice(location: LocationPort): StateCreator<AppState, [], [], NavigationSlice> {
  return (set) => ({
    route: DEFAULT_ROUTE,
    navigate: (route, options) => {
      set({ route });
      location.setHash(formatHash(route), options?.replace ?? false);
    },
    syncRoute: () => set({ route: parseHash(location.hash()) }),
  });
}
