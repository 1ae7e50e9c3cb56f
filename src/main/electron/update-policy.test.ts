import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shouldCheckForUpdates } from './update-policy.js';

describe('shouldCheckForUpdates', () => {
  it('checks only in a packaged app that was built with a publish target', () => {
    assert.equal(shouldCheckForUpdates({ isPackaged: true, hasUpdateConfig: true }), true);
    assert.equal(shouldCheckForUpdates({ isPackaged: true, hasUpdateConfig: false }), false);
    assert.equal(shouldCheckForUpdates({ isPackaged: false, hasUpdateConfig: true }), false);
  });
});
