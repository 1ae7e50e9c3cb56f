import type { Page } from 'playwright-core';
import type { Author } from '../../../src/main/store/index.js';
import { startServer, type Cleanup, type StartServerOptions, type TestServer } from '../../helpers/start-server.js';
import { UI_DIR, ensureUiBuilt } from './ui-build.js';

export const AUTHOR: Author = { name: 'alice', email: 'alice@example.com' };

/** A real core on a free port serving the built UI. */
export async function startUiServer(cleanup: Cleanup, options: StartServerOptions = {}): Promise<TestServer> {
  ensureUiBuilt();
  return startServer(cleanup, { ...options, overrides: { uiDir: UI_DIR, ...options.overrides } });
}

/** Opens the one-time sign-in link `serve` would print and waits for the library. */
export async function signIn(page: Page, server: TestServer): Promise<void> {
  await page.goto(server.core.ui.signInUrl(server.url));
  await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
}

export const bytes = (text: string): { data: Uint8Array } => ({ data: new TextEncoder().encode(text) });
