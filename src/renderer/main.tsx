import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/api-client.js';
import { App } from './App.js';
import { readDesktopBridge } from './desktop-bridge.js';
import { createAppStore } from './store/app-store.js';
import { AppStoreProvider } from './store/store-context.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

const store = createAppStore({ api: createApiClient(), now: () => Date.now() });

createRoot(container).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App desktop={readDesktopBridge()} />
    </AppStoreProvider>
  </StrictMode>,
);
