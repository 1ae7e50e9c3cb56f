import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { fileLine, header, ndjson } from '../helpers/hub-write.js';
import type { TestServer } from '../helpers/start-server.js';
import { openPage, runAxe, saveScreenshot } from './helpers/browser.js';
import { seedTinyModel } from './helpers/seed.js';
import { signIn, startUiServer } from './helpers/ui-server.js';

const BLOCKING = new Set(['serious', 'critical']);

async function axeProblems(page: Page, screen: string): Promise<string[]> {
  const violations = await runAxe(page);
  return violations
    .filter((violation) => violation.impact !== null && BLOCKING.has(violation.impact))
    .map((violation) => `${screen}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Opens pull request #1 on alice/tiny-model through the hub API, as huggingface_hub does, and commits to refs/pr/1. */
async function openPullRequest(server: TestServer): Promise<void> {
  const api = `${server.url}/api/models/alice/tiny-model`;
  const opened = await httpRequest(`${api}/discussions`, {
    method: 'POST',
    headers: { ...bearer(server.token), 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Longer context', description: 'Raises the context to 4096.\n<b>bold?</b>', pullRequest: true }),
  });
  assert.equal(opened.status, 200, opened.text);
  const commit = await httpRequest(`${api}/commit/refs%2Fpr%2F1`, {
    method: 'POST',
    headers: { ...bearer(server.token), 'content-type': 'application/x-ndjson' },
    body: ndjson([
      header('Raise the context'),
      fileLine('config.json', '{"hidden_size": 64, "max_position_embeddings": 4096}\n'),
      fileLine('notes/context.md', 'Trained with 4096 tokens.\n'),
    ]),
  });
  assert.equal(commit.status, 200, commit.text);
}

describe('pull requests in the repo view', () => {
  it('opens a pull request made with the hub API, shows its diff and files, takes a comment and merges it', async (t) => {
    const server = await startUiServer(t);
    const seeded = await seedTinyModel(server.core.store);
    await openPullRequest(server);

    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);
    await page.getByRole('link', { name: 'alice/tiny-model' }).click();
    await page.getByRole('heading', { level: 1, name: 'alice/tiny-model' }).waitFor();

    // refs/pr/1 is a revision like any other: the file tree shows the pull request's files.
    const picker = page.getByLabel('Revision');
    assert.equal(await picker.locator('optgroup[label="Pull requests"] option').textContent(), 'refs/pr/1');
    await picker.selectOption('refs/pr/1');
    await page.getByRole('tree').getByRole('treeitem', { name: /^notes/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Delete revision' }).count(), 0, 'a pull request ref is not deleted from here');
    await picker.selectOption('main');
    await page.getByRole('tree').getByRole('treeitem', { name: /^weights/ }).waitFor();

    await page.getByRole('tab', { name: 'Pull requests' }).click();
    const row = page.getByTestId('discussion-row').filter({ hasText: 'Longer context' });
    await row.getByText('alice').waitFor();
    await row.getByText('draft').waitFor();
    await row.getByText('pull request').waitFor();
    const problems = await axeProblems(page, 'pull request list');
    await row.getByRole('link', { name: 'Longer context' }).click();

    await page.getByRole('heading', { level: 2, name: /Longer context #1/ }).waitFor();
    const conversation = page.getByRole('list', { name: 'Conversation' });
    await conversation.getByText('Raises the context to 4096.').waitFor();
    await conversation.getByText('committed').waitFor();
    assert.equal(await page.locator('.discussion b').count(), 0, 'comment text is never rendered as HTML');

    const configDiff = page.getByRole('region', { name: /config\.json/ }).getByTestId('diff');
    await configDiff.waitFor();
    assert.equal(await configDiff.locator('.diff-add').filter({ hasText: '+{"hidden_size": 64, "max_position_embeddings": 4096}' }).count(), 1);
    assert.equal(await configDiff.locator('.diff-del').filter({ hasText: '-{"hidden_size": 64}' }).count(), 1);
    await page.getByRole('region', { name: /notes\/context\.md/ }).getByText('+Trained with 4096 tokens.').waitFor();

    await page.getByLabel('Comment').fill('Checked on a long prompt.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await conversation.getByText('Checked on a long prompt.').waitFor();
    assert.equal(await page.getByLabel('Comment').inputValue(), '');
    await saveScreenshot(page, 'pull-request');
    problems.push(...(await axeProblems(page, 'light pull request')));
    await page.emulateMedia({ colorScheme: 'dark' });
    problems.push(...(await axeProblems(page, 'dark pull request')));
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge #1 into main?' });
    problems.push(...(await axeProblems(page, 'merge dialog')));
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await page.getByRole('status').filter({ hasText: 'Merged #1 into main.' }).waitFor();
    await page.locator('.discussion .badge', { hasText: 'merged' }).waitFor();
    await conversation.getByText('marked it merged').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Merge', exact: true }).count(), 0);

    const head = server.core.store.resolveRevision(seeded.id, 'main');
    assert.equal(server.core.store.readTextFile(head, 'notes/context.md'), 'Trained with 4096 tokens.\n');
    const viaHub = await httpRequest(`${server.url}/api/models/alice/tiny-model/discussions/1`, { headers: bearer(server.token) });
    const details = viaHub.json() as { status: string; events: Array<{ type: string; data: { latest?: { raw: string } } }> };
    assert.equal(details.status, 'merged');
    assert.ok(details.events.some((event) => event.data.latest?.raw === 'Checked on a long prompt.'), 'the comment is in the hub');

    // The file tree of main now holds the merged file.
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.getByRole('tree').getByRole('treeitem', { name: /^notes/ }).waitFor();
    assert.deepEqual(problems, []);
    assert.deepEqual(errors, []);
  });
});
