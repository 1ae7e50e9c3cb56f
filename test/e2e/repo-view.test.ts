import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPage, readClipboard, saveScreenshot } from './helpers/browser.js';
import { seedLibrary, seedTinyModel } from './helpers/seed.js';
import { signIn, startUiServer } from './helpers/ui-server.js';

describe('repo view', () => {
  it('browses to a nested file and copies its hashes, renders the card, history and a diff', async (t) => {
    const server = await startUiServer(t);
    const { store } = server.core;
    const seeded = await seedTinyModel(store);
    await seedLibrary(store, [
      { type: 'dataset', namespace: 'alice', name: 'squad-mini', size: 600_000 },
      { type: 'model', namespace: 'acme', name: 'bert-base-uncased', size: 1_500_000 },
      { type: 'model', namespace: 'acme', name: 'Llama-3.1-8B-Instruct', size: 2_200_000 },
    ]);
    const head = store.resolveRevision(seeded.id, 'main');
    const shard = store.getEntry(head, 'weights/shards/model-00001-of-00002.safetensors');
    assert.ok(shard?.type === 'file' && shard.lfs);

    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);

    const rows = page.getByTestId('library-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 4);
    await saveScreenshot(page, 'library', { docs: true });

    await page.getByRole('link', { name: 'alice/tiny-model' }).click();
    await page.getByRole('heading', { level: 1, name: 'alice/tiny-model' }).waitFor();
    const clone = `git clone ${server.url}/alice/tiny-model`;
    await page.getByText(clone, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Copy clone command' }).click();
    await page.getByRole('status').filter({ hasText: 'clone command copied' }).waitFor();
    assert.equal(await readClipboard(page), clone);
    const tree = page.getByRole('tree');
    await tree.getByRole('treeitem', { name: /^weights/ }).click();
    await tree.getByRole('treeitem', { name: /^shards/ }).click();
    await tree.getByRole('treeitem', { name: /model-00001-of-00002\.safetensors/ }).click();

    const details = page.locator('.file-details');
    await details.getByRole('heading', { name: 'model-00001-of-00002.safetensors' }).waitFor();
    assert.equal(await page.getByTestId('hash-Git blob oid').textContent(), shard.oid);
    assert.equal(await page.getByTestId('hash-SHA-256').textContent(), shard.lfs.oid);
    await page.getByRole('button', { name: 'Copy SHA-256' }).click();
    await page.getByRole('status').filter({ hasText: 'SHA-256 copied' }).waitFor();
    assert.equal(await readClipboard(page), shard.lfs.oid);

    // A click on a folder shows its totals (and closes it); then the keyboard opens it again and selects a file.
    await tree.getByRole('treeitem', { name: /^shards/ }).click();
    await details.getByText('4.19 MB').waitFor();
    await details.getByText('2', { exact: true }).waitFor();
    await tree.getByRole('treeitem', { name: /model-00001/ }).waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await details.getByRole('heading', { name: 'model-00001-of-00002.safetensors' }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await tree.getByRole('treeitem', { name: /model-00001/ }).waitFor({ state: 'detached' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press(' ');
    await saveScreenshot(page, 'repo-view', { docs: true });

    await page.getByRole('tab', { name: 'Model card' }).click();
    await page.getByRole('heading', { name: 'Tiny model' }).waitFor();
    await page.getByRole('list', { name: 'Model card metadata' }).getByText('apache-2.0').waitFor();
    await page.getByRole('cell', { name: '0.91' }).waitFor();
    assert.equal(await page.locator('.markdown script, .markdown .raw-html').count(), 0, 'raw HTML is never rendered');
    assert.equal(await page.evaluate("'hacked' in window"), false);
    await saveScreenshot(page, 'model-card');

    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByText('Add model card, config and weights').waitFor();

    await page.getByLabel('Revision').selectOption('dev');
    await page.getByText('Wider hidden layer').waitFor();
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('treeitem', { name: /generation_config\.json/ }).waitFor();

    await page.getByRole('tab', { name: 'Compare' }).click();
    await page.getByLabel('From').selectOption('main');
    await page.getByLabel('To').selectOption('dev');
    await page.getByText('1 added · 0 removed · 1 modified').waitFor();
    await page.getByRole('row', { name: /added generation_config\.json/ }).waitFor();
    await page.getByRole('row', { name: /modified config\.json/ }).waitFor();
    await saveScreenshot(page, 'compare');

    // A browser has no desktop bridge: Reveal in folder shows the path to copy.
    await page.getByRole('button', { name: 'Reveal in folder' }).click();
    const location = page.getByRole('dialog', { name: 'Location on disk' });
    await location.getByRole('button', { name: 'Copy folder path' }).click();
    assert.equal(await readClipboard(page), await location.locator('code').textContent());
    assert.ok((await readClipboard(page)).startsWith(server.dataDir));
    await location.getByRole('button', { name: 'Done' }).click();
    assert.deepEqual(errors, []);
  });
});
