import { useEffect, type ReactNode } from 'react';
import type { DesktopBridge } from '../shared/desktop-bridge.js';
import { AppHeader } from './components/AppHeader.js';
import { Loading } from './components/Loading.js';
import { NavBar } from './components/NavBar.js';
import { NoticeBar } from './components/NoticeBar.js';
import { ScreenOutlet } from './components/ScreenOutlet.js';
import { SignInScreen } from './features/sign-in/SignInScreen.js';
import { useEventStream } from './hooks/use-event-stream.js';
import { useFocusOnNavigate } from './hooks/use-focus-on-navigate.js';
import { useRouteSync } from './hooks/use-route-sync.js';
import { useTheme } from './hooks/use-theme.js';
import { DesktopContext } from './store/desktop-context.js';
import { useAppStore } from './store/store-context.js';

export interface AppProps {
  /** Present only inside the desktop app. */
  readonly desktop: DesktopBridge | undefined;
}

export function App({ desktop }: AppProps): ReactNode {
  const phase = useAppStore((state) => state.session.phase);
  const signingIn = useAppStore((state) => state.route.screen === 'sign-in');
  const checkSession = useAppStore((state) => state.checkSession);
  useRouteSync();
  useTheme();
  useEventStream();
  useFocusOnNavigate();

  useEffect(() => {
    void checkSession();
  }, [checkSession]);

  return (
    <DesktopContext value={desktop}>
      <a className="skip-link" href="#main" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to main content
      </a>
      <AppHeader />
      {phase === 'signed-in' && !signingIn ? (
        <div className="app-body">
          <NavBar />
          <main id="main" className="app-main" tabIndex={-1}>
            <ScreenOutlet />
          </main>
        </div>
      ) : (
        <main id="main" className="app-main app-main-narrow" tabIndex={-1}>
          {phase === 'checking' ? <Loading label="Connecting to the HubKeeper core…" /> : <SignInScreen />}
        </main>
      )}
      <NoticeBar />
    </DesktopContext>
  );
}
