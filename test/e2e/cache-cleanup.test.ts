import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { formatBytes } from '../../src/renderer/format/bytes.js';
import { startServer } from '../helpers/start-server.js';
import { openPage, saveScreenshot } from './helpers/browser.js';
import { cleanupStack } from './helpers/cleanup-stack.js';
import { fillCache, tempCacheDir } from './helpers/cache-fill.js';
import { AUTHOR, bytes, signIn, startUiServer } from './helpers/ui-server.js';

const MB = 1024 * 1024;

describe('cached repos', () => {
  it('deletes a cached revision with a preview of the space freed, then cleans up from the Disk screen', async (context) => {
    const t = cleanupStack(context);
    const cacheDir = await tempCacheDir(t);

    // A remote hub with two revisions of a model: v2 replaces the 6 MB weights, keeps the rest.
    const remote = await startServer(t);
    const { store } = remote.core;
    const repo = store.createRepo({ type: 'model', namespace: 'acme', name: 'tiny-gpt', author: AUTHOR });
    const card = { type: 'add', path: 'README.md', content: bytes('---\nlicense: mit\n---\n# Tiny GPT\n') } as const;
    await store.commit({
      repoId: repo.id, branch: 'main', title: 'v1', author: AUTHOR,
      operations: [card, { type: 'add', path: 'model.safetensors', content: { data: randomBytes(6 * MB) }, lfs: 'always' }],
    });
    const v1 = store.resolveRevision(repo.id, 'main');
    await store.commit({
      repoId: repo.id, branch: 'main', title: 'v2', author: AUTHOR,
      operations: [{ type: 'add', path: 'model.safetensors', content: { data: randomBytes(4 * MB) }, lfs: 'always' }],
    });
    const data = store.createRepo({ type: 'dataset', namespace: 'acme', name: 'prompts', author: AUTHOR });
    await store.commit({
      repoId: data.id, branch: 'main', title: 'data', author: AUTHOR,
      operations: [{ type: 'add', path: 'train.jsonl', content: { data: randomBytes(2 * MB) }, lfs: 'always' }],
    });
    await fillCache(cacheDir, remote.url, 'acme/tiny-gpt', { revision: v1 });
    const v2 = await fillCache(cacheDir, remote.url, 'acme/tiny-gpt');
    await fillCache(cacheDir, remote.url, 'acme/prompts', { repoType: 'dataset' });

    const server = await startUiServer(t, { overrides: { hubCache: cacheDir } });
    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);

    await page.getByRole('link', { name: 'acme/tiny-gpt' }).click();
    await page.getByRole('heading', { level: 1, name: 'acme/tiny-gpt' }).waitFor();
    await page.getByText('HF cache', { exact: true }).first().waitFor();
    const picker = page.getByLabel('Revision');
    assert.equal(await picker.inputValue(), v2, 'the snapshot main points at is shown first');
    await page.getByRole('treeitem', { name: /model\.safetensors/ }).waitFor();

    await picker.selectOption(v1);
    await page.getByRole('button', { name: 'Delete revision' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete snapshot/ });
    await dialog.getByTestId('freed-preview').filter({ hasText: formatBytes(6 * MB) }).waitFor();
    await saveScreenshot(page, 'delete-revision');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: `Freed ${formatBytes(6 * MB)}` }).waitFor();
    await picker.locator(`option[value="${v1}"]`).waitFor({ state: 'detached' });
    assert.equal(await picker.locator('option').count(), 1);
    assert.equal(await picker.inputValue(), v2);

    await page.getByRole('link', { name: 'Disk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Disk' }).waitFor();
    await page.getByRole('img', { name: /Disk usage by repo and revision/ }).waitFor();
    // The cache and the data dir are on one file system without reflinks (ext4 here): content they share is hard-linked.
    await page.getByTestId('disk-sharing').filter({ hasText: 'share content by read-only hard links' }).waitFor();
    await page.getByRole('checkbox', { name: /acme\/prompts @ main/ }).check();
    await page.getByRole('button', { name: /Delete 1 selected/ }).click();
    const cleanup = page.getByRole('dialog', { name: 'Delete cached snapshots?' });
    await cleanup.getByTestId('cleanup-preview').filter({ hasText: formatBytes(2 * MB) }).waitFor();
    await saveScreenshot(page, 'disk-cleanup');
    await cleanup.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').filter({ hasText: `Freed ${formatBytes(2 * MB)}` }).waitFor();
    await page.getByRole('checkbox', { name: /acme\/prompts/ }).waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: 'acme/tiny-gpt' }).waitFor();
    // The library refreshes on the cleanup's library-changed event: wait for it rather than count at once.
    await page.getByRole('link', { name: 'acme/prompts' }).waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
  });
});
