import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialUpdateStatus, nextUpdateStatus, shouldCheckForUpdates, UPDATE_CHECK_INTERVAL_MS, updateFeed } from './update-policy.js';

describe('shouldCheckForUpdates', () => {
  it('checks only in a packaged app that was built with a publish target', () => {
    assert.equal(shouldCheckForUpdates({ isPackaged: true, hasUpdateConfig: true }), true);
    assert.equal(shouldCheckForUpdates({ isPackaged: true, hasUpdateConfig: false }), false);
    assert.equal(shouldCheckForUpdates({ isPackaged: false, hasUpdateConfig: true }), false);
  });

  it('a feed set at run time turns updates on in a packaged app only, and wins over the built-in one', () => {
    assert.equal(shouldCheckForUpdates({ isPackaged: true, hasUpdateConfig: false, feedUrl: 'https://updates.example.com/hk' }), true);
    assert.equal(shouldCheckForUpdates({ isPackaged: false, hasUpdateConfig: false, feedUrl: 'https://updates.example.com/hk' }), false);
    assert.deepEqual(updateFeed({ isPackaged: true, hasUpdateConfig: true, feedUrl: ' https://updates.example.com/hk ' }), { kind: 'generic', url: 'https://updates.example.com/hk' });
    assert.deepEqual(updateFeed({ isPackaged: true, hasUpdateConfig: true, feedUrl: '' }), { kind: 'built-in' });
  });

  it('refuses a feed that is not an http(s) URL or carries credentials, saying so', () => {
    for (const feedUrl of ['not a url', 'file:///etc/updates', 'ftp://example.com/x', 'https://user:secret@example.com/x']) {
      const feed = updateFeed({ isPackaged: true, hasUpdateConfig: true, feedUrl });
      assert.equal(feed.kind, 'none', feedUrl);
      assert.match(feed.kind === 'none' ? feed.problem : '', /HUBKEEPER_UPDATE_FEED/);
    }
  });

  it('checks daily', () => {
    assert.equal(UPDATE_CHECK_INTERVAL_MS, 24 * 60 * 60 * 1000);
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
