import type { ReactNode } from 'react';
import { DiskScreen } from '../features/disk/DiskScreen.js';
import { DownloadsScreen } from '../features/downloads/DownloadsScreen.js';
import { LibraryScreen } from '../features/library/LibraryScreen.js';
import { OpenLinkScreen } from '../features/open-link/OpenLinkScreen.js';
import { RemoteScreen } from '../features/remote/RemoteScreen.js';
import { RepoScreen } from '../features/repo/RepoScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { TokensScreen } from '../features/tokens/TokensScreen.js';
import { TrackingScreen } from '../features/tracking/TrackingScreen.js';
import { useAppStore } from '../store/store-context.js';

/** The screen the route names. */
export function ScreenOutlet(): ReactNode {
  const route = useAppStore((state) => state.route);
  switch (route.screen) {
    case 'repo':
      return <RepoScreen route={route} />;
    case 'remote':
      return <RemoteScreen />;
    case 'downloads':
      return <DownloadsScreen />;
    case 'disk':
      return <DiskScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'tokens':
      return <TokensScreen />;
    case 'tracking':
      return <TrackingScreen route={route} />;
    case 'open':
      return <OpenLinkScreen url={route.url} />;
    case 'library':
    case 'sign-in':
      return <LibraryScreen />;
  }
}
