import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { randomContent } from '../helpers/download-fixtures.js';
import { sha256 } from '../helpers/hub-write.js';
import { ggufFile, safetensorsFile } from '../helpers/model-files.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';
import { appRequest, ownerSession } from '../helpers/ui-session.js';
import { openPage, readClipboard, runAxe, saveScreenshot, type AxeViolation } from './helpers/browser.js';
import { signIn, startUiServer } from './helpers/ui-server.js';

const serious = (violations: readonly AxeViolation[]): string[] =>
  violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help}`);

describe('the Tracking screen', () => {
  it('tracks a repo of another hub, browses its files with hashes, finds them by glob and by hash, shows what a refresh found changed, and removes it', async (t) => {
    const remote = await startServer(t);
    const weights = randomContent(120_000);
    const gguf = randomContent(40_000);
    const seeded = await seedRepo(remote.core.store, {
      name: 'm1',
      files: { 'config.json': '{"model_type": "llama"}\n', 'weights/model.safetensors': weights, 'weights/extra/q4.gguf': gguf },
      lfs: ['weights/model.safetensors', 'weights/extra/q4.gguf'],
    });
    const server = await startUiServer(t);
    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);

    await page.getByRole('link', { name: 'Tracking' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tracking' }).waitFor();
    await page.getByText('No tracked repos yet').waitFor();
    await page.getByLabel('Repo', { exact: true }).fill('alice/m1');
    await page.getByLabel('Hub', { exact: true }).selectOption({ label: 'Another hub (URL)…' });
    await page.getByLabel('Hub URL').fill(remote.url);
    await page.getByRole('button', { name: 'Track' }).click();
    // Four files: the hub adds a .gitattributes for the LFS ones.
    await page.getByText('Tracking alice/m1@main: 4 files.').waitFor();
    const row = page.getByTestId('tracked-row').filter({ hasText: 'alice/m1@main' });
    await row.getByText('up to date').waitFor();
    await saveScreenshot(page, 'tracking');
    assert.deepEqual(serious(await runAxe(page)), [], 'the tracked repos tab');

    await row.getByRole('link', { name: 'alice/m1@main' }).click();
    await page.getByRole('link', { name: 'weights/' }).click();
    await page.getByRole('link', { name: 'extra/' }).waitFor();
    const copy = page.getByRole('button', { name: 'Copy SHA-256 of weights/model.safetensors' });
    await copy.click();
    await page.getByRole('status').filter({ hasText: 'SHA-256 of weights/model.safetensors copied' }).waitFor();
    assert.equal(await readClipboard(page), sha256(weights));
    await page.getByRole('link', { name: 'extra/' }).click();
    await page.getByTestId('tracked-entry').filter({ hasText: 'q4.gguf' }).waitFor();
    assert.deepEqual(serious(await runAxe(page)), [], 'the files tab');
    await saveScreenshot(page, 'tracking-files');

    await page.getByRole('tab', { name: 'Search' }).click();
    await page.getByLabel('Search by').selectOption('glob');
    await page.getByLabel('Search for').fill('*.gguf');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('1 matching file').waitFor();
    assert.deepEqual(await page.getByTestId('found-file').locator('td:nth-child(2)').allTextContents(), ['weights/extra/q4.gguf']);
    await page.getByLabel('Search by').selectOption('hash');
    await page.getByLabel('Search for').fill(sha256(weights));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('found-file').filter({ hasText: 'weights/model.safetensors' }).waitFor();
    assert.equal(await page.getByTestId('found-file').count(), 1);

    // The remote moves on: a refresh finds the new commit, and the changes tab shows what changed.
    await commitFiles(remote.core.store, seeded.repo.id, { 'config.json': '{"model_type": "mistral"}\n', 'notes.txt': 'new\n' });
    await page.getByRole('tab', { name: 'Tracked repos' }).click();
    await page.getByRole('button', { name: 'Refresh all' }).click();
    await page.getByText('Refreshed.').waitFor();
    // The refresh job's progress came over the event stream: the 7 entries of the new tree (files and folders).
    await page.getByTestId('refresh-progress').filter({ hasText: '1 of 1 repos refreshed, 7 files listed' }).waitFor();
    await row.getByRole('link', { name: 'update available' }).click();
    await page.getByRole('tab', { name: 'Changes', selected: true }).waitFor();
    const changes = page.getByTestId('change-row');
    await changes.first().waitFor();
    assert.deepEqual(await changes.locator('td:nth-child(1), td:nth-child(2)').allTextContents(), ['added', 'notes.txt', 'modified', 'config.json']);
    await saveScreenshot(page, 'tracking-changes');

    // The files of either stored revision, each with its model facts, without downloading anything.
    await page.getByRole('tab', { name: 'Files' }).click();
    const facts = page.getByRole('region', { name: 'Model facts' });
    await facts.getByText('mistral').waitFor();
    await page.getByTestId('tracked-entry').filter({ hasText: 'notes.txt' }).waitFor();
    await page.getByLabel('Revision').selectOption(seeded.head);
    await facts.getByText('llama', { exact: true }).waitFor();
    await page.getByTestId('tracked-entry').filter({ hasText: 'notes.txt' }).waitFor({ state: 'detached' });
    assert.deepEqual(serious(await runAxe(page)), [], 'the files tab at an older revision');

    // The hub goes down: the refresh fails, says so on the row, and the repo keeps its files.
    await remote.stop();
    await page.getByRole('tab', { name: 'Tracked repos' }).click();
    await page.getByRole('button', { name: 'Refresh alice/m1@main' }).click();
    await row.getByText('error', { exact: true }).waitFor();
    await row.getByText(/^alice\/m1@main on http:\/\/127\.0\.0\.1:\d+: /).waitFor();
    assert.equal(await row.locator('td:nth-child(4)').textContent(), '5');
    await page.getByRole('button', { name: 'Remove alice/m1@main' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No longer tracking alice/m1@main.').waitFor();
    await page.getByText('No tracked repos yet').waitFor();
    assert.deepEqual(errors, []);
  });

  it('shows stats, duplicates, similar repos, cache updates and model facts as columns that filters narrow', async (t) => {
    const remote = await startServer(t);
    const shared = randomContent(30_000);
    const gitattributes = { lfs: ['model.safetensors', 'tiny-Q4_K_M.gguf', 'shared.dat'] };
    await seedRepo(remote.core.store, {
      name: 'llama',
      files: {
        'config.json': JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama', torch_dtype: 'bfloat16' }),
        'model.safetensors': safetensorsFile([{ name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [100, 50] }]),
        'shared.dat': shared,
      },
      ...gitattributes,
    });
    const gguf = ggufFile({ 'general.architecture': { type: 'string', value: 'qwen2' }, 'general.file_type': { type: 'u32', value: 15 } }, [{ name: 'token_embd.weight', dimensions: [64, 3000], type: 12 }], 60_000);
    await seedRepo(remote.core.store, { name: 'tiny-gguf', files: { 'tiny-Q4_K_M.gguf': gguf, 'shared.dat': shared }, ...gitattributes });
    const server = await startUiServer(t);
    for (const repo of ['alice/llama', 'alice/tiny-gguf']) server.core.catalog.track({ endpoint: remote.url, repoType: 'model', repo, revision: 'main' });
    await server.core.catalog.refresh();
    // A hub saved in Settings, for the Updates tab's picker.
    const saved = await appRequest(server, await ownerSession(server), 'POST', '/hubs', { name: 'The remote', endpoint: remote.url });
    assert.equal(saved.status, 200, saved.text);
    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);
    await page.getByRole('link', { name: 'Tracking' }).click();

    // Facts as columns: 100 × 50 BF16 parameters, loading 10 kB.
    const rows = page.getByTestId('tracked-row');
    const llama = rows.filter({ hasText: 'alice/llama@main' });
    await llama.getByText('LlamaForCausalLM').waitFor();
    assert.deepEqual(await llama.locator('td').allTextContents().then((cells) => cells.filter((cell) => ['5K', 'BF16', '10 kB'].includes(cell))), ['5K', 'BF16', '10 kB']);
    await rows.filter({ hasText: 'alice/tiny-gguf@main' }).getByText('Q4_K_M').waitFor();
    await page.getByLabel('Quantisation').fill('Q4_K_M');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await llama.waitFor({ state: 'detached' });
    await rows.filter({ hasText: 'alice/tiny-gguf@main' }).waitFor();
    assert.equal(await rows.count(), 1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await llama.waitFor();
    await page.getByLabel('Max params').fill('1B');
    await page.getByLabel('Fits in').fill('20kB');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await rows.filter({ hasText: 'alice/tiny-gguf@main' }).waitFor({ state: 'detached' });
    await llama.waitFor();
    assert.equal(await rows.count(), 1);
    await saveScreenshot(page, 'tracking-facts');

    await page.getByRole('tab', { name: 'Stats' }).click();
    await page.getByTestId('extension-row').filter({ hasText: '.gguf' }).waitFor();
    assert.equal(await page.getByTestId('stats-repo').count(), 2);

    await page.getByRole('tab', { name: 'Duplicates' }).click();
    const duplicate = page.getByTestId('duplicate-row').filter({ hasText: 'shared.dat' });
    await duplicate.waitFor();
    assert.deepEqual((await duplicate.getByRole('link').allTextContents()).sort(), ['alice/llama@main', 'alice/tiny-gguf@main']);
    await duplicate.getByText('30 kB').first().waitFor();
    assert.deepEqual(serious(await runAxe(page)), [], 'the duplicates tab');
    await saveScreenshot(page, 'tracking-duplicates');

    await page.getByRole('tab', { name: 'Similar' }).click();
    await page.getByLabel('Tracked repo').selectOption({ label: `alice/llama@main — ${remote.url}` });
    await page.getByTestId('similar-row').filter({ hasText: 'alice/tiny-gguf@main' }).waitFor();

    // An HF cache with nothing in it: no ref to ask the hub about, on the hub picked among the saved ones.
    await mkdir(join(server.dataDir, 'hf-hub-cache'));
    await page.getByRole('tab', { name: 'Updates' }).click();
    await page.getByLabel('Hub').selectOption({ label: `The remote (${remote.url})` });
    await page.getByRole('button', { name: 'Check the HF cache for updates' }).click();
    await page.getByText('Every cached ref is up to date').waitFor();
    await page.getByRole('status').filter({ hasText: `are behind ${remote.url}` }).waitFor();

    // The Library: this hub's repos with their model facts (read from the store after each commit), filtered by them.
    await seedRepo(server.core.store, { name: 'local-llama', files: { 'config.json': JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama' }) } });
    await seedRepo(server.core.store, { name: 'local-gguf', files: { 'tiny-Q4_K_M.gguf': gguf }, lfs: ['tiny-Q4_K_M.gguf'] });
    await page.getByRole('link', { name: 'Library' }).click();
    const library = page.getByTestId('library-row');
    await library.filter({ hasText: 'alice/local-llama' }).getByText('LlamaForCausalLM').waitFor();
    await library.filter({ hasText: 'alice/local-gguf' }).getByText('Q4_K_M').waitFor();
    await page.getByLabel('Quantisation').fill('Q4_K_M');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await library.filter({ hasText: 'alice/local-llama' }).waitFor({ state: 'detached' });
    assert.deepEqual(await library.locator('th a').allTextContents(), ['alice/local-gguf']);
    assert.deepEqual(serious(await runAxe(page)), [], 'the library with facts');
    await saveScreenshot(page, 'library-facts');
    await page.getByLabel('License').fill('nope');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText('No repos match these filters').waitFor();
    // The empty state's button clears the model-facts filters too.
    await page.getByRole('button', { name: 'Clear filters' }).last().click();
    await library.filter({ hasText: 'alice/local-llama' }).waitFor();
    assert.equal(await library.count(), 2);
    assert.equal(await page.getByLabel('Quantisation').inputValue(), '');
    assert.deepEqual(errors, []);
  });
});
