import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runtimeLabel, statusLabel } from './health-labels.js';

describe('statusLabel', () => {
  it('names each phase of the health check', () => {
    assert.deepEqual(statusLabel({ phase: 'idle' }), { text: 'Checking…', tone: 'pending' });
    assert.deepEqual(statusLabel({ phase: 'ready', health: { status: 'ok', version: '1' }, checkedAt: 0 }), {
      text: 'Running',
      tone: 'ok',
    });
    assert.deepEqual(statusLabel({ phase: 'ready', health: { status: 'migrating', version: '1' }, checkedAt: 0 }), {
      text: 'Degraded (migrating)',
      tone: 'warning',
    });
    assert.deepEqual(statusLabel({ phase: 'error', message: 'x', checkedAt: 0 }), { text: 'Unreachable', tone: 'error' });
  });
});

describe('runtimeLabel', () => {
  it('tells the desktop app from a browser and names the platform', () => {
    assert.equal(runtimeLabel(undefined), 'Web browser');
    assert.equal(runtimeLabel({ appVersion: '0.1.0', platform: 'darwin' }), 'Desktop app 0.1.0 on macOS');
    assert.equal(runtimeLabel({ appVersion: '0.1.0', platform: 'freebsd' }), 'Desktop app 0.1.0 on freebsd');
  });
});
