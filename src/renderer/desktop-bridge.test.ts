import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDesktopBridge, webDesktopFallbacks } from './desktop-bridge.js';

function fakeShell(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    appVersion: '0.1.0',
    platform: 'linux',
    revealPath: () => Promise.resolve({ ok: true }),
    pickFolder: () => Promise.resolve('/home/ann/models'),
    openExternal: () => Promise.resolve({ ok: true }),
    updateStatus: () => Promise.resolve({ state: 'ready', version: '0.2.0' }),
    checkForUpdate: () => Promise.resolve({ state: 'up-to-date' }),
    installUpdate: () => Promise.resolve({ ok: true }),
    ...overrides,
  };
}

describe('readDesktopBridge', () => {
  it('returns the preload’s bridge (window.desktop), frozen, passing calls through to the shell', async () => {
    const asked: string[] = [];
    const bridge = readDesktopBridge({
      desktop: fakeShell({
        revealPath: (path: string) => {
          asked.push(path);
          return Promise.resolve({ ok: true });
        },
      }),
    });
    assert.ok(bridge);
    assert.ok(Object.isFrozen(bridge));
    assert.equal(bridge.appVersion, '0.1.0');
    assert.equal(bridge.platform, 'linux');
    assert.deepEqual(await bridge.revealPath('/data/blobs'), { ok: true });
    assert.deepEqual(asked, ['/data/blobs']);
    assert.equal(await bridge.pickFolder({ title: 'Pick' }), '/home/ann/models');
    assert.deepEqual(await bridge.updateStatus(), { state: 'ready', version: '0.2.0' });
    assert.deepEqual(await bridge.checkForUpdate(), { state: 'up-to-date' });
    assert.deepEqual(await bridge.installUpdate(), { ok: true });
  });

  it('turns a refusal, an odd answer or a thrown error of the shell into a reason to show', async () => {
    const answers: unknown[] = [{ ok: false, problem: '/etc is outside' }, 'yes', new Error('IPC down')];
    const revealPath = (): unknown => {
      const next = answers.shift();
      return next instanceof Error ? Promise.reject(next) : next;
    };
    const bridge = readDesktopBridge({
      desktop: fakeShell({ revealPath, updateStatus: () => ({ state: 'hacked' }), pickFolder: () => 42, openExternal: () => Promise.reject(new Error('x')) }),
    });
    assert.deepEqual(await bridge?.revealPath('/etc'), { ok: false, problem: '/etc is outside' });
    assert.deepEqual(await bridge?.revealPath('/x'), { ok: false, problem: 'The desktop app could not open the folder' });
    assert.deepEqual(await bridge?.revealPath('/x'), { ok: false, problem: 'The desktop app could not open the folder' });
    assert.equal((await bridge?.updateStatus())?.state, 'error');
    assert.equal(await bridge?.pickFolder({ title: 'Pick' }), null);
    assert.deepEqual(await bridge?.openExternal('https://huggingface.co'), { ok: false, problem: 'The desktop app could not open the link' });
  });

  it('is undefined in a plain browser or when the global is not a whole bridge', () => {
    assert.equal(readDesktopBridge({}), undefined);
    assert.equal(readDesktopBridge({ desktop: 'yes' }), undefined);
    assert.equal(readDesktopBridge({ desktop: fakeShell({ appVersion: 1 }) }), undefined);
    assert.equal(readDesktopBridge({ desktop: fakeShell({ installUpdate: undefined }) }), undefined);
    assert.equal(readDesktopBridge({ hubkeeper: fakeShell() }), undefined, 'the old global name');
    assert.equal(readDesktopBridge(globalThis), undefined);
  });
});

describe('webDesktopFallbacks', () => {
  it('opens https links in a new tab, and says plainly what only the desktop app does', async () => {
    const opened: string[] = [];
    const web = webDesktopFallbacks((url) => opened.push(url));
    assert.deepEqual(await web.openExternal('https://huggingface.co/org/name'), { ok: true });
    assert.deepEqual(await web.openExternal('javascript:alert(1)'), { ok: false, problem: 'only https links open in the browser' });
    assert.deepEqual(opened, ['https://huggingface.co/org/name']);
    assert.equal(await web.pickFolder({ title: 'Pick' }), null);
    assert.match((await web.revealPath('/data')).ok ? '' : 'copy the path', /copy the path/);
    assert.equal((await web.updateStatus()).state, 'unsupported');
    assert.equal((await web.installUpdate()).ok, false);
  });
});
