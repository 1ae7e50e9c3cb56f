import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, openPage, saveScreenshot } from './helpers/browser.js';
import { startFreshServedUi } from './helpers/serve-process.js';

describe('signing in to the UI of `hubkeeper serve`', () => {
  it('signs in once with the printed link, keeps an HttpOnly SameSite=Strict session, and accepts a hub token', async (t) => {
    const { serve, signInUrl, token } = await startFreshServedUi(t);
    assert.ok(signInUrl.startsWith(`${serve.url}/-/ui/#/sign-in/`));

    const { browser, page, errors } = await openPage(t, serve.url);
    const cspReports: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspReports.push(message.text());
    });
    const response = await page.goto(signInUrl);
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await page.getByText('Your library is empty').waitFor();
    assert.equal(new URL(page.url()).hash, '#/library', 'the spent code leaves the address bar');

    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'hubkeeper_session');
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(session.path, '/-/api/v1');
    assert.equal(await page.evaluate('document.cookie'), '', 'scripts cannot read the session');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await saveScreenshot(page, 'empty-library');

    const other = await newPage(browser, serve.url);
    await other.goto(signInUrl);
    await other.getByRole('alert').filter({ hasText: 'used or has expired' }).waitFor();
    await other.getByLabel('Hub token').fill(token);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('heading', { level: 1, name: 'Library' }).waitFor();
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.getByRole('heading', { name: 'Sign in to HubKeeper' }).waitFor();
    await saveScreenshot(other, 'sign-in');

    assert.deepEqual(cspReports, []);
    assert.deepEqual(errors, []);
  });
});
