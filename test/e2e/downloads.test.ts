import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startServer } from '../helpers/start-server.js';
import { launchBrowser, newPage, openPage, saveScreenshot } from './helpers/browser.js';
import { tempCacheDir } from './helpers/cache-fill.js';
import { cleanupStack } from './helpers/cleanup-stack.js';
import { seedRepo } from './helpers/seed.js';
import { AUTHOR, bytes, signIn, startUiServer } from './helpers/ui-server.js';

const MB = 1024 * 1024;

/** Saves a hub named "Team hub" in Settings, then opens Remote hubs on it. */
async function browseTeamHub(page: Page, url: string): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const addForm = page.getByRole('form', { name: 'Add a hub' });
  await addForm.getByLabel('Name').fill('Team hub');
  await addForm.getByLabel('Address').fill(url);
  await addForm.getByRole('button', { name: 'Add hub' }).click();
  await page.getByRole('row', { name: /Team hub/ }).waitFor();
  await page.getByRole('link', { name: 'Remote hubs' }).click();
  await page.getByLabel('Hub', { exact: true }).selectOption({ label: `Team hub (${url})` });
}

describe('downloads', () => {
  it('searches a second HubKeeper, downloads picked files, pauses and resumes, and shows the repo in the library', async (context) => {
    const t = cleanupStack(context);
    const remote = await startServer(t, { user: 'acme' });
    const { store } = remote.core;
    await seedRepo(store, { type: 'model', namespace: 'acme', name: 'big-model' }, 'Upload', [
        { type: 'add', path: 'README.md', content: bytes('# Big model\n') },
        { type: 'add', path: 'config.json', content: bytes('{"layers": 2}\n') },
        { type: 'add', path: 'tokenizer.json', content: bytes('{"vocab": {}}\n') },
        { type: 'add', path: 'model.safetensors', content: { data: randomBytes(24 * MB) }, lfs: 'always' },
      ]);
    store.createRepo({ type: 'model', namespace: 'acme', name: 'small-model', author: AUTHOR });
    // Slow links make the download last long enough to pause it.
    const proxy = await startFaultProxy(remote.url, { bytesPerSecondPerConnection: 1.5 * MB });
    t.after(() => proxy.close());

    const server = await startUiServer(t, { overrides: { hubCache: await tempCacheDir(t) } });
    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);

    await browseTeamHub(page, proxy.url);
    await page.getByLabel('Search', { exact: true }).fill('big');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: /acme\/big-model/ }).click();
    await page.getByRole('checkbox', { name: 'model.safetensors' }).waitFor();
    await page.getByLabel('Patterns').fill('*.json');
    await page.getByRole('button', { name: 'Select matching' }).click();
    await page.getByText('2 of 5 files selected').waitFor();
    await page.getByRole('checkbox', { name: 'model.safetensors' }).check();
    await page.getByText('3 of 5 files selected · 25.2 MB').waitFor();
    await saveScreenshot(page, 'remote-browser');
    await page.getByRole('button', { name: /^Download/ }).click();
    await page.getByRole('status').filter({ hasText: 'Downloading 3 files of acme/big-model' }).waitFor();

    await page.getByRole('link', { name: /Downloads/ }).click();
    const job = page.getByRole('listitem', { name: /acme\/big-model/ });
    await job.getByText('Downloading').waitFor();
    const total = job.getByRole('progressbar', { name: 'Progress of acme/big-model', exact: true });
    await job.locator('[role=progressbar]:not([aria-valuenow="0"])').first().waitFor();
    // The large file has its own bar and byte count while it downloads.
    const fileBar = job.getByRole('progressbar', { name: 'Progress of model.safetensors', exact: true });
    await fileBar.waitFor();
    await job.getByRole('listitem').filter({ hasText: 'model.safetensors' }).getByText(/ of 25\.2 MB$/).waitFor();
    assert.ok(await fileBar.isVisible(), 'per-file progress is shown without opening anything');
    await saveScreenshot(page, 'downloads');
    await job.getByRole('button', { name: 'Pause acme/big-model' }).click();
    await job.getByText('Paused').waitFor();
    const pausedAt = Number(await total.getAttribute('aria-valuenow'));
    assert.ok(pausedAt < 100, `paused at ${pausedAt}%`);
    await job.getByRole('button', { name: 'Resume acme/big-model' }).click();
    await job.getByText('Done').waitFor({ timeout: 120_000 });
    assert.equal(await total.getAttribute('aria-valuenow'), '100');

    await page.getByRole('link', { name: 'Library' }).click();
    const row = page.getByTestId('library-row').filter({ hasText: 'acme/big-model' });
    await row.getByText('HF cache').waitFor();
    await row.getByRole('link', { name: 'acme/big-model' }).click();
    await page.getByRole('treeitem', { name: /model\.safetensors/ }).waitFor();
    assert.equal(await page.getByRole('treeitem', { name: /README\.md/ }).count(), 0, 'only the picked files were downloaded');
    assert.deepEqual(errors, []);
  });

  it('downloads a repo of this hub to the cache from the repo view', async (context) => {
    const t = cleanupStack(context);
    const server = await startUiServer(t, { overrides: { hubCache: await tempCacheDir(t) } });
    const { store } = server.core;
    await seedRepo(store, { type: 'dataset', namespace: 'alice', name: 'notes' }, 'Add notes', [{ type: 'add', path: 'notes.txt', content: bytes('hello\n') }]);
    const browser = await launchBrowser(t);
    const page = await newPage(browser, server.url);
    await signIn(page, server);
    await page.getByRole('link', { name: 'alice/notes' }).click();
    await page.getByRole('button', { name: 'Download to cache' }).click();
    await page.getByRole('status').filter({ hasText: 'Downloading alice/notes (main) to the cache' }).waitFor();
    await page.getByRole('link', { name: /Downloads/ }).click();
    await page.getByRole('listitem', { name: /alice\/notes, Done/ }).waitFor();
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByTestId('library-row').filter({ hasText: 'HF cache' }).getByRole('link', { name: 'alice/notes' }).waitFor();
    await saveScreenshot(page, 'library-after-download');
  });
  it("picks a dataset's split in the file picker and downloads just its files", async (context) => {
    const t = cleanupStack(context);
    const remote = await startServer(t, { user: 'acme' });
    const { store } = remote.core;
    await seedRepo(store, { type: 'dataset', namespace: 'acme', name: 'reviews' }, 'Upload', [
        { type: 'add', path: 'README.md', content: bytes('# Reviews\n') },
        { type: 'add', path: 'data/train-00000-of-00002.parquet', content: bytes('train a') },
        { type: 'add', path: 'data/train-00001-of-00002.parquet', content: bytes('train b') },
        { type: 'add', path: 'data/test-00000-of-00001.parquet', content: bytes('test') },
      ]);
    const server = await startUiServer(t, { overrides: { hubCache: await tempCacheDir(t) } });
    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);

    await browseTeamHub(page, remote.url);
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Datasets' });
    await page.getByLabel('Search', { exact: true }).fill('reviews');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: /acme\/reviews/ }).click();
    const splits = page.getByRole('form', { name: 'Dataset split' });
    await splits.getByLabel('Config').waitFor();
    await splits.getByLabel('Split').selectOption({ label: 'train (2 files)' });
    await splits.getByRole('button', { name: 'Select split' }).click();
    await page.getByText(/^2 of 5 files selected/).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: 'data/train-00000-of-00002.parquet' }).isChecked(), true);
    assert.equal(await page.getByRole('checkbox', { name: 'data/test-00000-of-00001.parquet' }).isChecked(), false);
    await page.getByRole('button', { name: /^Download/ }).click();
    await page.getByRole('status').filter({ hasText: 'Downloading 2 files of acme/reviews' }).waitFor();
    assert.deepEqual(errors, []);
  });
});
