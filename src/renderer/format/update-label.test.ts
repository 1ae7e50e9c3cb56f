import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { updateLabel } from './update-label.js';

describe('updateLabel', () => {
  it('says what the updater is doing, with the version and the reason where there is one', () => {
    assert.equal(updateLabel({ state: 'ready', version: '1.2.0' }), 'Version 1.2.0 is ready: restart HubKeeper to use it.');
    assert.equal(updateLabel({ state: 'downloading', version: '1.2.0' }), 'Downloading version 1.2.0…');
    assert.equal(updateLabel({ state: 'error', problem: 'offline' }), 'The last check failed: offline');
    assert.equal(updateLabel({ state: 'unsupported', problem: 'This build has no update channel' }), 'This build has no update channel');
    assert.equal(updateLabel({ state: 'up-to-date' }), 'HubKeeper is up to date.');
  });
});
