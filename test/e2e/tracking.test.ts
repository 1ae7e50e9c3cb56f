import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomContent } from '../helpers/download-fixtures.js';
import { sha256 } from '../helpers/hub-write.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';
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
    await row.getByRole('link', { name: 'update available' }).click();
    await page.getByRole('tab', { name: 'Changes', selected: true }).waitFor();
    const changes = page.getByTestId('change-row');
    await changes.first().waitFor();
    assert.deepEqual(await changes.locator('td:nth-child(1), td:nth-child(2)').allTextContents(), ['added', 'notes.txt', 'modified', 'config.json']);
    await saveScreenshot(page, 'tracking-changes');

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
});
