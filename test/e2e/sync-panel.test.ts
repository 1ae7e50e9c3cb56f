import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { openPuller, parsePullSpec } from '../../src/main/sync/index.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';
import { openPage, runAxe, saveScreenshot } from './helpers/browser.js';
import { cleanupStack } from './helpers/cleanup-stack.js';
import { signIn, startUiServer } from './helpers/ui-server.js';

const KB = 1000;

describe('sync panel', () => {
  it('shows a pulled repo behind its remote, previews the pull, runs it with progress, then even; mirrors it with a notification per run; the pull is listed in Downloads', async (context) => {
    const t = cleanupStack(context);
    const remote = await startServer(t);
    const { repo } = await seedRepo(remote.core.store, { files: { 'config.json': '{"v":1}\n' }, title: 'Add config' });
    const server = await startUiServer(t);

    // The local repo was pulled once (as `hubkeeper pull --history` does); then the remote moved on.
    const opened = openPuller({ config: server.core.config, db: server.core.db, store: server.core.store });
    try {
      await opened.puller.pull(parsePullSpec({ repo: 'alice/m1', endpoint: remote.url, history: true }));
    } finally {
      await opened.close();
    }
    await commitFiles(remote.core.store, repo.id, { 'weights.bin': randomBytes(300 * KB) }, { title: 'Add weights' });

    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);
    await page.getByRole('link', { name: 'alice/m1' }).click();
    await page.getByRole('heading', { level: 1, name: 'alice/m1' }).waitFor();
    await page.getByRole('tab', { name: 'Sync' }).click();

    const link = page.getByRole('row', { name: new RegExp(`${remote.url} alice/m1@main`) });
    await link.waitFor();
    assert.equal(await link.locator('[data-label=behind]').textContent(), '1');
    assert.equal(await link.locator('[data-label=ahead]').textContent(), '0');
    await link.getByText('1 to pull').waitFor();

    assert.ok(await page.getByRole('button', { name: 'Pull', exact: true }).isDisabled(), 'no pull before a preview');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.locator('.sync-preview');
    await preview.getByText('1 file (300 kB) to fetch').waitFor();
    await preview.getByText(/1 added or changed, 0 removed, 1 new commit/).waitFor();
    await preview.getByText('weights.bin').waitFor();
    await saveScreenshot(page, 'sync-panel');
    const violations = (await runAxe(page)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    assert.deepEqual(violations.map((violation) => `${violation.id}: ${violation.help}`), [], 'the panel passes axe');

    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    const progress = page.getByLabel('Pull progress', { exact: true }).first();
    await page.locator('.sync-progress').getByText(/^Pulled/).waitFor();
    assert.ok(await progress.isVisible());
    // The finished job refreshes the status: nothing behind any more.
    await page.locator('.sync-links [data-label=behind]', { hasText: /^0$/ }).waitFor();

    // A mirror runs at once; its run is a notification, and the link says when it ran.
    await page.getByLabel('Mirror', { exact: true }).selectOption({ label: 'every 6 hours' });
    await page.getByRole('button', { name: 'Mirror on this schedule' }).click();
    await page.getByRole('status').filter({ hasText: /Mirror of alice\/m1 from .*: up to date/ }).waitFor();
    await page.locator('.sync-links td', { hasText: /mirrored every 6h; last run .*: up to date/ }).waitFor();
    await page.getByRole('button', { name: 'Stop mirroring' }).click();
    await page.getByRole('status').filter({ hasText: 'Stopped mirroring alice/m1' }).waitFor();
    await page.getByRole('button', { name: 'Stop mirroring' }).waitFor({ state: 'detached' });

    const local = server.core.store.getRepo('model', 'alice', 'm1');
    const localTree = server.core.store.getCommit(server.core.store.resolveRevision(local.id, 'main'))?.treeOid;
    assert.equal(localTree, remote.core.store.getCommit(remote.core.store.resolveRevision(repo.id, 'main'))?.treeOid, 'the local tree equals the remote\'s');

    await page.getByRole('tabpanel', { name: 'Sync' }).getByRole('link', { name: 'Downloads' }).click();
    // The pull and the mirror's run, beside the downloads.
    const jobs = page.getByRole('listitem', { name: /^alice\/m1, Done/ });
    await jobs.filter({ has: page.getByText('Pull', { exact: true }) }).waitFor();
    await jobs.filter({ has: page.getByText('Mirror', { exact: true }) }).waitFor();
    assert.equal(await jobs.count(), 2);
    assert.deepEqual(errors, []);
  });
});
