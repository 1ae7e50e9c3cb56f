import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startServer } from '../helpers/start-server.js';
import { launchBrowser, newPage, runAxe, saveScreenshot, type AxeViolation } from './helpers/browser.js';
import { cleanupStack } from './helpers/cleanup-stack.js';
import { fillCache, tempCacheDir } from './helpers/cache-fill.js';
import { seedTinyModel } from './helpers/seed.js';
import { signIn, startUiServer } from './helpers/ui-server.js';

const BLOCKING = new Set(['serious', 'critical']);

async function scan(page: Page, screen: string, found: string[]): Promise<void> {
  const violations: AxeViolation[] = await runAxe(page);
  for (const violation of violations) {
    if (violation.impact !== null && BLOCKING.has(violation.impact)) {
      found.push(`${screen}: ${violation.id} (${violation.impact}) ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    }
  }
}

/** The page background of each theme (--bg in styles.css). */
const PAGE_BACKGROUND = { light: 'rgb(246, 246, 247)', dark: 'rgb(21, 22, 26)' } as const;

describe('accessibility', () => {
  it('has no serious or critical axe violations on any screen, in light and dark themes', async (context) => {
    const t = cleanupStack(context);
    const cacheDir = await tempCacheDir(t);
    const remote = await startServer(t);
    await seedTinyModel(remote.core.store);
    await fillCache(cacheDir, remote.url, 'alice/tiny-model');

    const server = await startUiServer(t, { overrides: { hubCache: cacheDir } });
    await seedTinyModel(server.core.store);
    const browser = await launchBrowser(t);
    const found: string[] = [];

    const signedOut = await newPage(browser, server.url);
    await signedOut.goto(`${server.url}/-/ui/`);
    await signedOut.getByRole('heading', { name: 'Sign in to HubKeeper' }).waitFor();
    await scan(signedOut, 'sign-in', found);

    for (const scheme of ['light', 'dark'] as const) {
      const page = await newPage(browser, server.url);
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, server);
      await page.getByTestId('library-row').first().waitFor();
      await scan(page, `${scheme} library`, found);
      // Page scripts as strings: the test code is type-checked without the DOM library.
      const background = async (): Promise<string> => String(await page.evaluate('getComputedStyle(document.documentElement).backgroundColor'));
      const other = scheme === 'light' ? 'dark' : 'light';
      assert.equal(await background(), PAGE_BACKGROUND[scheme], `the ${scheme} system theme applies`);
      await page.evaluate(`document.documentElement.dataset.theme = '${other}'`);
      assert.equal(await background(), PAGE_BACKGROUND[other], `a picked ${other} theme wins over the system's`);
      await page.evaluate('delete document.documentElement.dataset.theme');

      await page.getByRole('link', { name: 'alice/tiny-model' }).first().click();
      const tree = page.getByRole('tree');
      await tree.getByRole('treeitem', { name: /^weights/ }).click();
      await tree.getByRole('treeitem', { name: /^shards/ }).click();
      await tree.getByRole('treeitem', { name: /model-00001/ }).click();
      await page.getByTestId('hash-SHA-256').waitFor();
      await scan(page, `${scheme} repo files`, found);
      await page.getByRole('tab', { name: 'Model card' }).click();
      await page.getByRole('heading', { name: 'Tiny model' }).waitFor();
      await scan(page, `${scheme} model card`, found);
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByText('Add model card, config and weights').waitFor();
      await scan(page, `${scheme} history`, found);
      await page.getByRole('tab', { name: 'Compare' }).click();
      await page.getByRole('table').waitFor();
      await scan(page, `${scheme} compare`, found);
      await page.getByRole('button', { name: 'Delete revision' }).click();
      await page.getByTestId('freed-preview').waitFor();
      await scan(page, `${scheme} delete dialog`, found);
      await page.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('link', { name: 'Remote hubs' }).click();
      await page.getByRole('heading', { level: 1, name: 'Remote hubs' }).waitFor();
      await scan(page, `${scheme} remote`, found);
      await page.getByRole('link', { name: /Downloads/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Downloads' }).waitFor();
      await scan(page, `${scheme} downloads`, found);
      await page.getByRole('link', { name: 'Tracking' }).click();
      await page.getByText('No tracked repos yet').waitFor();
      await scan(page, `${scheme} tracking`, found);
      await page.getByRole('link', { name: 'Disk' }).click();
      await page.getByRole('img', { name: /Disk usage/ }).waitFor();
      await scan(page, `${scheme} disk`, found);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Hubs and tokens' }).waitFor();
      await page.getByRole('heading', { name: 'Cache folder' }).waitFor();
      await scan(page, `${scheme} settings`, found);
      await saveScreenshot(page, `settings-${scheme}`);
    }
    assert.deepEqual(found, []);
  });
});
