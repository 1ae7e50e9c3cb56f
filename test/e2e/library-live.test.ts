import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { openPage } from './helpers/browser.js';
import { cleanupStack } from './helpers/cleanup-stack.js';
import { signIn, startUiServer } from './helpers/ui-server.js';

const python = pythonWithHfHub();

describe('the Library is live', () => {
  it('shows a repo Python downloads into the cache within a second, without a reload, and drops it when deleted by hand', async (context) => {
    const t = cleanupStack(context);
    const server = await startUiServer(t);
    await server.core.cacheWatchReady();
    await seedRepo(server.core.store, { files: { 'config.json': '{"v":1}', 'README.md': '# m1' } });
    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);
    await page.getByRole('link', { name: 'alice/m1' }).first().waitFor();
    const cachedRow = page.locator('[data-testid=library-row]').filter({ hasText: 'alice/m1' }).filter({ hasText: 'HF cache' });
    assert.equal(await cachedRow.count(), 0, 'only the hub repo is listed before the download');
    // Marks this document: a reload would lose it.
    await page.evaluate('window.notReloaded = true');

    const cache = server.core.config.hf.hubCache;
    const env = { HF_ENDPOINT: server.url, HF_TOKEN: server.token, HF_HUB_DISABLE_XET: '1', HF_HUB_CACHE: cache, HF_HUB_DISABLE_PROGRESS_BARS: '1' };
    await runPythonJsonAsync(python, 'from huggingface_hub import hf_hub_download\nhf_hub_download("alice/m1", "config.json")\nprint(1)', env);
    const downloaded = Date.now();
    await cachedRow.waitFor({ timeout: 10_000 });
    const shownAfter = Date.now() - downloaded;
    assert.ok(shownAfter < 1000, `the cached repo appeared ${shownAfter} ms after Python finished`);
    assert.equal(await page.evaluate('window.notReloaded === true'), true, 'the page was not reloaded');

    // Its only revision deleted by hand, as `hf cache delete` does: the repo's folder goes.
    await rm(join(cache, 'models--alice--m1'), { recursive: true });
    await cachedRow.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await page.evaluate('window.notReloaded === true'), true);
    assert.deepEqual(errors, []);
  });
});
