import type { ReactNode } from 'react';
import type { DesktopBridge } from '../shared/desktop-bridge.js';
import { StatusPanel } from './components/StatusPanel.js';

export interface AppProps {
  /** Present only inside the desktop app. */
  readonly desktop: DesktopBridge | undefined;
}

export function App({ desktop }: AppProps): ReactNode {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <h1>HubKeeper</h1>
        <p className="tagline">Your local Hugging Face Hub and model manager</p>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <StatusPanel desktop={desktop} />
      </main>
    </>
  );
}
