import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDesktopBridge } from './desktop-bridge.js';

describe('readDesktopBridge', () => {
  it('returns the preload’s bridge', () => {
    assert.deepEqual(readDesktopBridge({ hubkeeper: { appVersion: '0.1.0', platform: 'linux' } }), {
      appVersion: '0.1.0',
      platform: 'linux',
    });
  });

  it('is undefined in a plain browser or when the global is not a bridge', () => {
    assert.equal(readDesktopBridge({}), undefined);
    assert.equal(readDesktopBridge({ hubkeeper: 'yes' }), undefined);
    assert.equal(readDesktopBridge({ hubkeeper: { appVersion: 1, platform: 'linux' } }), undefined);
    assert.equal(readDesktopBridge(globalThis), undefined);
  });
});
