import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/api-client.js';
import { createDiskSlice, type DiskSlice } from './disk-slice.js';
import { createDownloadsSlice, type DownloadsSlice } from './downloads-slice.js';
import { createHealthSlice, type HealthSlice } from './health-slice.js';
import { createLibrarySlice, type LibrarySlice } from './library-slice.js';
import { createNavigationSlice, type LocationPort, type NavigationSlice } from './navigation-slice.js';
import { createNoticeSlice, type NoticeSlice } from './notice-slice.js';
import { createQuerySlice, type QuerySlice } from './query-slice.js';
import { createRemoteSlice, type RemoteSlice } from './remote-slice.js';
import { createRepoViewSlice, type RepoViewSlice } from './repo-view-slice.js';
import { createSessionSlice, type SessionSlice } from './session-slice.js';
import { createThemeSlice, type PreferenceStorage, type ThemeSlice } from './theme-slice.js';
import { createTrackingSlice, type TrackingSlice } from './tracking-slice.js';

/** The whole UI state: one slice per concern, combined here. */
export type AppState = HealthSlice &
  SessionSlice &
  NavigationSlice &
  QuerySlice &
  LibrarySlice &
  RepoViewSlice &
  RemoteSlice &
  DownloadsSlice &
  DiskSlice &
  ThemeSlice &
  TrackingSlice &
  NoticeSlice;
export type AppStore = StoreApi<AppState>;

export interface AppStoreDeps {
  readonly api: ApiClient;
  readonly now: () => number;
  readonly location: LocationPort;
  readonly storage: PreferenceStorage;
}

export function createAppStore(deps: AppStoreDeps): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createHealthSlice(deps)(...args),
    ...createSessionSlice(deps)(...args),
    ...createNavigationSlice(deps.location)(...args),
    ...createQuerySlice(deps)(...args),
    ...createLibrarySlice()(...args),
    ...createRepoViewSlice()(...args),
    ...createRemoteSlice()(...args),
    ...createDownloadsSlice(deps)(...args),
    ...createDiskSlice()(...args),
    ...createThemeSlice(deps.storage)(...args),
    ...createTrackingSlice()(...args),
    ...createNoticeSlice()(...args),
  }));
}
