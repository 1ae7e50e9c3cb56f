import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listFiles } from '@huggingface/hub';
import { tempDir } from '../helpers/temp-dir.js';
import { openPage, saveScreenshot } from './helpers/browser.js';
import { startFreshServedUi } from './helpers/serve-process.js';

describe('model folders in Settings', () => {
  it('adds a folder, imports the model found in it, and commits a change made on disk', async (t) => {
    const root = tempDir();
    const bert = join(root, 'bert');
    mkdirSync(bert);
    writeFileSync(join(bert, 'config.json'), '{"model_type":"bert"}');
    writeFileSync(join(bert, 'model.safetensors'), Buffer.alloc(64 * 1024, 1));
    const { serve, signInUrl, token } = await startFreshServedUi(t);
    const { page, errors } = await openPage(t, serve.url);
    await page.goto(signInUrl);
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Model folders' }).waitFor();

    await page.getByLabel('Add a folder').fill(root);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: bert });
    await row.getByText('Not imported').waitFor();
    assert.equal(await page.getByLabel(`Repo for ${bert}`).inputValue(), 'alice/bert');
    await row.getByRole('button', { name: 'Import' }).click();
    await row.getByText(/^Imported at [0-9a-f]{8}$/).waitFor();

    writeFileSync(join(bert, 'config.json'), '{"model_type":"bert","layers":2}');
    await page.reload();
    await row.getByText(/^Changed since [0-9a-f]{8}: ~1 \(32 B\)$/).waitFor();
    await page.getByRole('heading', { name: 'Model folders' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'settings-model-folders');
    await row.getByRole('button', { name: 'Commit changes' }).click();
    await row.getByText(/^Imported at [0-9a-f]{8}$/).waitFor();

    const files: string[] = [];
    for await (const file of listFiles({ hubUrl: serve.url, accessToken: token, repo: 'alice/bert' })) files.push(file.path);
    assert.deepEqual(files.sort(), ['.gitattributes', 'config.json', 'model.safetensors']);
    assert.deepEqual(errors, []);
  });
});
