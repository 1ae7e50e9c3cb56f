import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../helpers/cli-process.js';
import type { Cleanup } from '../../helpers/start-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium, headless; closed when the test ends. */
export async function launchBrowser(cleanup: Cleanup): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  cleanup.after(() => browser.close());
  return browser;
}

/** A page with a fixed size and clipboard access (copy buttons), logging page errors into `errors`. */
export async function newPage(browser: Browser, origin: string, errors: string[] = []): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme: 'light', reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}

/** A browser (see launchBrowser) and a page on `origin` (see newPage) whose errors the test can check. */
export async function openPage(cleanup: Cleanup, origin: string): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await launchBrowser(cleanup);
  const errors: string[] = [];
  return { browser, page: await newPage(browser, origin, errors), errors };
}

/**
 * Saves a screenshot under test-results/e2e/; the README's copies under docs/screenshots/ are
 * refreshed only with UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the checkout clean.
 */
export async function saveScreenshot(page: Page, name: string, options: { readonly docs?: boolean } = {}): Promise<void> {
  const results = join(ROOT, 'test-results', 'e2e');
  mkdirSync(results, { recursive: true });
  await page.screenshot({ path: join(results, `${name}.png`) });
  if (options.docs === true && process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', `${name}.png`) });
  }
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly string[] }>;
}

/**
 * Runs axe-core in the page. It is evaluated through the DevTools protocol, which the UI's CSP
 * (no inline scripts) does not apply to, so the page under test keeps its real policy.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const source = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return result as AxeViolation[];
}

/** What the page's clipboard holds (the browser context was granted clipboard access). */
export async function readClipboard(page: Page): Promise<string> {
  const text: unknown = await page.evaluate('navigator.clipboard.readText()');
  if (typeof text !== 'string') throw new Error('the clipboard holds no text');
  return text;
}
