import type { ReactNode } from 'react';
import { useAppStore } from '../store/store-context.js';

export function AppHeader(): ReactNode {
  const session = useAppStore((state) => state.session);
  const stream = useAppStore((state) => state.stream);
  const signOut = useAppStore((state) => state.signOut);

  return (
    <header className="app-header">
      <a className="brand" href="#/library">
        HubKeeper
      </a>
      <p className="tagline">Your local Hugging Face Hub and model manager</p>
      {session.phase === 'signed-in' && (
        <div className="header-session">
          <span className={`stream stream-${stream}`} role="status">
            <span className="status-dot" aria-hidden="true" />
            {stream === 'open' ? 'Live' : stream === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
          <span className="header-user">
            {session.session.user}
            {!session.session.canWrite && ' (read-only)'}
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      )}
    </header>
  );
}
