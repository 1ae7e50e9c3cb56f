import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRepo, listFiles, uploadFiles } from '@huggingface/hub';
import { openPage, saveScreenshot } from './helpers/browser.js';
import { startFreshServedUi } from './helpers/serve-process.js';

describe('server settings in the UI of `hubkeeper serve`', () => {
  it('changes the LFS threshold, keeps it across a reload, and the next upload above it goes through LFS', async (t) => {
    const { serve, signInUrl, token } = await startFreshServedUi(t);
    const { page, errors } = await openPage(t, serve.url);
    await page.goto(signInUrl);
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    const threshold = page.getByLabel('Threshold', { exact: true });
    assert.equal(await threshold.inputValue(), String(10 * 1024 * 1024));
    await threshold.fill('12');
    await page.getByText('The LFS threshold must be from 1,024 bytes').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save threshold' }).isDisabled(), true);
    await threshold.fill('2 KiB');
    await page.getByText('= 2.05 kB (2,048 bytes)').waitFor();
    await page.getByRole('button', { name: 'Save threshold' }).click();
    await page.getByText('now go through LFS').waitFor();

    const address = page.getByLabel('Address (host:port)');
    await address.fill('localhost');
    await page.getByText('The bind address needs a port').waitFor();
    await address.fill('127.0.0.1:7999');
    await page.getByRole('button', { name: 'Save address' }).click();
    await page.getByText('Saved for the next start:').waitFor();
    await page.getByText('A new address applies at the next start').waitFor();
    await page.getByRole('heading', { name: 'Hub server' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-server');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByText('= 2.05 kB (2,048 bytes)').waitFor();
    assert.equal(await page.getByLabel('Threshold', { exact: true }).inputValue(), '2048');
    assert.equal(await page.getByLabel('Address (host:port)').inputValue(), '127.0.0.1:7999');
    assert.equal(new URL(serve.url).port !== '7999', true, 'the running server stays where it is');

    const hub = { hubUrl: serve.url, accessToken: token };
    await createRepo({ ...hub, repo: 'alice/threshold-check' });
    await uploadFiles({
      ...hub,
      repo: 'alice/threshold-check',
      files: [
        { path: 'notes.md', content: new Blob(['#'.repeat(4096)]) },
        { path: 'small.md', content: new Blob(['# small\n']) },
      ],
    });
    const files = new Map<string, boolean>();
    for await (const file of listFiles({ ...hub, repo: 'alice/threshold-check' })) files.set(file.path, file.lfs !== undefined);
    assert.equal(files.get('notes.md'), true, 'a 4 KiB file is above the new 2 KiB threshold: LFS');
    assert.equal(files.get('small.md'), false);
    assert.deepEqual(errors, []);
  });
});
