import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPage } from './helpers/browser.js';
import { startFreshServedUi } from './helpers/serve-process.js';

describe('the Tokens screen of `hubkeeper serve`', () => {
  it('lists tokens by their last four characters and revokes one: the hub refuses it at once', async (t) => {
    const { serve, signInUrl, token } = await startFreshServedUi(t);
    const whoami = async (): Promise<number> => (await fetch(`${serve.url}/api/whoami-v2`, { headers: { authorization: `Bearer ${token}` } })).status;
    assert.equal(await whoami(), 200);
    const { page, errors } = await openPage(t, serve.url);
    await page.goto(signInUrl);
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tokens' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'bootstrap' });
    await row.getByText(`…${token.slice(-4)}`).waitFor();
    assert.equal(await page.getByText(token).count(), 0, 'the secret is never shown');

    await row.getByRole('button', { name: 'Revoke bootstrap' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText(`Revoked alice's token "bootstrap".`).waitFor();
    await page.getByText('No tokens.').waitFor();
    assert.equal(await whoami(), 401);
    assert.deepEqual(errors, []);
  });
});
