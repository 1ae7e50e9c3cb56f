import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/main/config.js';
import { createCore, type Core } from '../../src/main/core.js';
import { openPage, saveScreenshot } from './helpers/browser.js';
import { UI_DIR, ensureUiBuilt } from './helpers/ui-build.js';
import { AUTHOR } from './helpers/ui-server.js';

describe('live connection', () => {
  it('reconnects to the event stream after the core restarts, still signed in', async (t) => {
    ensureUiBuilt();
    const dataDir = await mkdtemp(join(tmpdir(), 'hubkeeper-e2e-restart-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const coreOn = (port: number): Core =>
      createCore(loadConfig({}, { dataDir, host: '127.0.0.1', port, logLevel: 'warn', uiDir: UI_DIR, hubCache: join(dataDir, 'hf-cache') }));

    let core = coreOn(0);
    t.after(() => core.stop());
    const { url } = await core.start();
    const port = Number(new URL(url).port);
    core.store.createRepo({ type: 'model', namespace: 'alice', name: 'first', author: AUTHOR });

    const { page, errors } = await openPage(t, url);
    await page.goto(core.ui.signInUrl(url));
    await page.getByRole('link', { name: 'alice/first' }).waitFor();
    const stream = page.getByRole('banner').getByRole('status');
    await stream.filter({ hasText: 'Live' }).waitFor();

    await core.stop();
    await stream.filter({ hasText: 'Reconnecting…' }).waitFor();
    await saveScreenshot(page, 'reconnecting');

    core = coreOn(port);
    await core.start();
    core.store.createRepo({ type: 'model', namespace: 'alice', name: 'second', author: AUTHOR });
    await stream.filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    // Reconnecting reloads what may have changed meanwhile, without signing in again.
    await page.getByRole('link', { name: 'alice/second' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Sign in to HubKeeper' }).count(), 0);
    assert.deepEqual(errors, []);
  });
});
