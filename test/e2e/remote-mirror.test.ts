import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';
import { openPage, runAxe } from './helpers/browser.js';
import { cleanupStack } from './helpers/cleanup-stack.js';
import { signIn, startUiServer } from './helpers/ui-server.js';

describe('remote browser: mirror into this hub', () => {
  it('mirrors the browsed repo on the chosen schedule, then opens the local repo\'s Sync tab with the mirror linked', async (context) => {
    const t = cleanupStack(context);
    const remote = await startServer(t);
    const { repo } = await seedRepo(remote.core.store, { name: 'mirrored', files: { 'config.json': '{"v":1}\n', 'weights.bin': randomBytes(150_000) }, lfs: ['weights.bin'] });
    const server = await startUiServer(t);
    const { page, errors } = await openPage(t, server.url);
    await signIn(page, server);

    await page.getByRole('link', { name: 'Settings' }).click();
    const addForm = page.getByRole('form', { name: 'Add a hub' });
    await addForm.getByLabel('Name').fill('Team hub');
    await addForm.getByLabel('Address').fill(remote.url);
    await addForm.getByRole('button', { name: 'Add hub' }).click();
    await page.getByRole('row', { name: /Team hub/ }).waitFor();
    await page.getByRole('link', { name: 'Remote hubs' }).click();
    await page.getByLabel('Hub', { exact: true }).selectOption({ label: `Team hub (${remote.url})` });
    await page.getByLabel('Search', { exact: true }).fill('mirrored');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: /alice\/mirrored/ }).click();

    const mirror = page.getByLabel('Mirror into this hub', { exact: true });
    await mirror.waitFor();
    const violations = (await runAxe(page)).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    assert.deepEqual(violations.map((violation) => `${violation.id}: ${violation.help}`), [], 'the remote repo panel passes axe');
    await mirror.getByLabel('Mirror schedule').selectOption({ label: 'every day' });
    await mirror.getByRole('button', { name: 'Mirror into this hub' }).click();

    // The first run pulls the repo, then the local repo opens on its Sync tab.
    await page.getByRole('heading', { level: 1, name: 'alice/mirrored' }).waitFor();
    await page.getByRole('tab', { name: 'Sync', selected: true }).waitFor();
    const link = page.getByRole('row', { name: new RegExp(`${remote.url} alice/mirrored@main`) });
    await link.getByText(/mirrored every 24h; last run .*: updated/).waitFor();
    assert.equal(await link.locator('[data-label=behind]').textContent(), '0');

    const local = server.core.store.getRepo('model', 'alice', 'mirrored');
    assert.equal(
      server.core.store.getCommit(server.core.store.resolveRevision(local.id, 'main'))?.treeOid,
      remote.core.store.getCommit(remote.core.store.resolveRevision(repo.id, 'main'))?.treeOid,
      'the local tree equals the remote\'s',
    );
    const [saved] = server.core.db.prepare('SELECT every_ms FROM sync_mirrors').all() as Array<{ every_ms: number | null }>;
    assert.equal(saved?.every_ms, 24 * 3_600_000, 'the chosen schedule is saved');
    assert.deepEqual(errors, []);
  });
});
