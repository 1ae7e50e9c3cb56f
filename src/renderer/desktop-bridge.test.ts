import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDesktopBridge } from './desktop-bridge.js';

describe('readDesktopBridge', () => {
  it('returns the preload’s bridge, passing revealPath through to the shell', async () => {
    const asked: string[] = [];
    const bridge = readDesktopBridge({
      hubkeeper: {
        appVersion: '0.1.0',
        platform: 'linux',
        revealPath: (path: string) => {
          asked.push(path);
          return Promise.resolve({ ok: true });
        },
      },
    });
    assert.equal(bridge?.appVersion, '0.1.0');
    assert.equal(bridge?.platform, 'linux');
    assert.deepEqual(await bridge?.revealPath('/data/blobs'), { ok: true });
    assert.deepEqual(asked, ['/data/blobs']);
  });

  it('turns a refusal, an odd answer or a thrown error of the shell into a reason to show', async () => {
    const answers: unknown[] = [{ ok: false, problem: '/etc is outside' }, 'yes', new Error('IPC down')];
    const revealPath = (): unknown => {
      const next = answers.shift();
      return next instanceof Error ? Promise.reject(next) : next;
    };
    const bridge = readDesktopBridge({ hubkeeper: { appVersion: '1', platform: 'linux', revealPath } });
    assert.deepEqual(await bridge?.revealPath('/etc'), { ok: false, problem: '/etc is outside' });
    assert.deepEqual(await bridge?.revealPath('/x'), { ok: false, problem: 'The desktop app could not open the folder' });
    assert.deepEqual(await bridge?.revealPath('/x'), { ok: false, problem: 'The desktop app could not open the folder' });
  });

  it('is undefined in a plain browser or when the global is not a bridge', () => {
    assert.equal(readDesktopBridge({}), undefined);
    assert.equal(readDesktopBridge({ hubkeeper: 'yes' }), undefined);
    assert.equal(readDesktopBridge({ hubkeeper: { appVersion: 1, platform: 'linux', revealPath: () => undefined } }), undefined);
    assert.equal(readDesktopBridge({ hubkeeper: { appVersion: '0.1.0', platform: 'linux' } }), undefined);
    assert.equal(readDesktopBridge(globalThis), undefined);
  });
});
