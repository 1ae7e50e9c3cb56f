import type { StateCreator } from 'zustand/vanilla';
import type { RefreshProgressView } from '../../shared/tracking-api.js';
import { TRACKING_KEY } from '../queries/tracking-queries.js';
import type { AppState } from './app-store.js';

export interface TrackingSlice {
  /** The last event of each tracked repo's refresh job (by tracked id): live progress, then how it ended. */
  readonly trackingRefreshes: Readonly<Record<number, RefreshProgressView>>;
  readonly applyRefreshProgress: (refresh: RefreshProgressView) => void;
}

const ENDED: ReadonlySet<RefreshProgressView['state']> = new Set(['done', 'failed', 'cancelled']);

export function createTrackingSlice(): StateCreator<AppState, [], [], TrackingSlice> {
  return (set, get) => ({
    trackingRefreshes: {},
    applyRefreshProgress: (refresh) => {
      set((state) => ({ trackingRefreshes: { ...state.trackingRefreshes, [refresh.trackedId]: refresh } }));
      // A refresh that ended changed the structure, or the error kept beside the last good one.
      if (ENDED.has(refresh.state)) get().invalidateQueries(TRACKING_KEY);
    },
  });
}
