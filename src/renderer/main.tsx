import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/api-client.js';
import { App } from './App.js';
import { readDesktopBridge } from './desktop-bridge.js';
import { createAppStore } from './store/app-store.js';
import { AppStoreProvider } from './store/store-context.js';
import type { PreferenceStorage } from './store/theme-slice.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

// localStorage throws in some locked-down profiles; preferences are then kept for the session only.
const memory = new Map<string, string>();
const storage: PreferenceStorage = {
  get: (key) => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return memory.get(key) ?? null;
    }
  },
  set: (key, value) => {
    memory.set(key, value);
    try {
      window.localStorage.setItem(key, value);
    } catch {
      // Kept in memory above.
    }
  },
};

const api = createApiClient();
const store = createAppStore({
  api,
  now: () => Date.now(),
  storage,
  location: {
    hash: () => window.location.hash,
    setHash: (hash, replace) => {
      if (window.location.hash === hash) return;
      if (replace) window.history.replaceState(null, '', hash);
      else window.location.hash = hash;
    },
  },
});

createRoot(container).render(
  <StrictMode>
    <AppStoreProvider store={store} api={api}>
      <App desktop={readDesktopBridge()} />
    </AppStoreProvider>
  </StrictMode>,
);
