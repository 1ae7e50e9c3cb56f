import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HubRegistry } from '../../src/main/credentials/index.js';
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
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
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

  it('previews a push, pushes with progress, explains a divergence and forces only after a confirmation; pushes are listed in Downloads', async (context) => {
    const t = cleanupStack(context);
    const remote = await startServer(t);
    const server = await startUiServer(t);
    const { repo } = await seedRepo(server.core.store, { files: { 'config.json': '{"v":1}\n', 'weights.bin': randomBytes(200 * KB) }, lfs: ['weights.bin'] });
    new HubRegistry(server.dataDir, []).add({ name: 'team', endpoint: remote.url, token: remote.token });
    const remoteTree = (): string | undefined => {
      const pushed = remote.core.store.getRepo('model', 'alice', 'm1');
      return remote.core.store.getCommit(remote.core.store.resolveRevision(pushed.id, 'main'))?.treeOid;
    };
    const localTree = (): string | undefined => server.core.store.getCommit(server.core.store.resolveRevision(repo.id, 'main'))?.treeOid;

    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);
    await page.getByRole('link', { name: 'alice/m1' }).click();
    await page.getByRole('heading', { level: 1, name: 'alice/m1' }).waitFor();
    await page.getByRole('tab', { name: 'Sync' }).click();

    await page.getByLabel('Push to', { exact: true }).selectOption({ label: `team (${remote.url})` });
    const push = page.getByRole('button', { name: 'Push', exact: true });
    assert.ok(await push.isDisabled(), 'no push before a preview');
    await page.getByRole('button', { name: 'Preview push' }).click();
    const preview = page.locator('.sync-push-preview');
    await preview.getByText(/^3 files \(20\d(\.\d+)? kB\) to send$/).waitFor();
    await preview.getByText('The remote repo does not exist yet: the push creates it.').waitFor();
    await preview.getByText('weights.bin').waitFor();
    assert.equal(remote.core.store.findRepo('model', 'alice', 'm1'), undefined, 'a preview sends nothing');

    await push.click();
    await page.locator('.sync-progress-push').getByText(/^Pushed · 20\d kB of 20\d kB/).waitFor();
    assert.equal(remoteTree(), localTree(), 'the remote tree equals the local one');
    assert.equal(remote.core.store.getRepo('model', 'alice', 'm1').private, true, 'created private (the default)');
    await page.getByRole('row', { name: new RegExp(`${remote.url} alice/m1@main`) }).waitFor();

    // Both sides move on: the push is refused, with what changed remotely, until forced.
    await commitFiles(remote.core.store, remote.core.store.getRepo('model', 'alice', 'm1').id, { 'notes.md': 'theirs' }, { title: 'Their notes' });
    await commitFiles(server.core.store, repo.id, { 'config.json': '{"v":2}\n' }, { title: 'Ours' });
    await page.getByRole('button', { name: 'Preview push' }).click();
    const refusal = page.getByRole('alert', { name: 'Push refused' });
    await refusal.getByText(/Refusing to push: .*1 added \(notes\.md\).*"Their notes"/).waitFor();
    await preview.getByText(/^1 file \(8 B\) to send$/).waitFor();
    assert.ok(await push.isDisabled(), 'a diverged push needs force');
    await refusal.getByRole('button', { name: 'Force push…' }).click();
    await refusal.getByRole('button', { name: 'Keep the remote as it is' }).click();
    assert.equal(await refusal.getByRole('button', { name: 'Confirm force push' }).count(), 0, 'backing out sends nothing');
    await refusal.getByRole('button', { name: 'Force push…' }).click();
    await refusal.getByRole('button', { name: 'Confirm force push' }).click();
    await page.locator('.sync-progress-push').getByText(/^Pushed · 8 B of 8 B/).waitFor();
    assert.equal(remoteTree(), localTree(), 'forced: the remote tree is the local one');
    await refusal.waitFor({ state: 'detached' });

    await page.getByRole('tabpanel', { name: 'Sync' }).locator('.sync-progress-push').getByRole('link', { name: 'Downloads' }).click();
    const jobs = page.getByRole('listitem', { name: /^alice\/m1, Done/ }).filter({ has: page.getByText('Push', { exact: true }) });
    await jobs.first().waitFor();
    assert.equal(await jobs.count(), 2);
    await jobs.first().getByText('to team').waitFor();
    assert.deepEqual(errors, []);
  });
});
