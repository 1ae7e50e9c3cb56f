import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialUpdateStatus, nextUpdateStatus, shouldCheckForUpdates } from './update-policy.js';

describe('shouldCheckForUpdates', () => {
  it('checks only in a packaged app that was built with a publish target', () => {
    assert.equal(shouldCheckForUpdates({ isPackaged: true, hasUpdateConfig: true }), true);
    assert.equal(shouldCheckForUpdates({ isPackaged: true, hasUpdateConfig: false }), false);
    assert.equal(shouldCheckForUpdates({ isPackaged: false, hasUpdateConfig: true }), false);
  });
});

describe('nextUpdateStatus', () => {
  it('follows a check through download to ready, and keeps ready', () => {
    let status = initialUpdateStatus({ isPackaged: true, hasUpdateConfig: true });
    assert.deepEqual(status, { state: 'idle' });
    status = nextUpdateStatus(status, { type: 'checking' });
    status = nextUpdateStatus(status, { type: 'available', version: '1.2.0' });
    assert.deepEqual(status, { state: 'downloading', version: '1.2.0' });
    status = nextUpdateStatus(status, { type: 'downloaded', version: '1.2.0' });
    assert.deepEqual(nextUpdateStatus(status, { type: 'not-available' }), { state: 'ready', version: '1.2.0' });
    assert.deepEqual(nextUpdateStatus({ state: 'checking' }, { type: 'error', message: 'offline' }), { state: 'error', problem: 'offline' });
  });

  it('a development run or a build without a channel stays unsupported, saying why', () => {
    const dev = initialUpdateStatus({ isPackaged: false, hasUpdateConfig: false });
    assert.equal(dev.state, 'unsupported');
    assert.match(dev.problem ?? '', /development run/);
    assert.deepEqual(nextUpdateStatus(dev, { type: 'checking' }), dev);
  });
});
