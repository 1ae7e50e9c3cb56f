import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { formatEvery, nextRefreshAt, parseEvery } from './refresh-schedule.js';

test('--every takes minutes, hours, days (and seconds) or never', () => {
  assert.equal(parseEvery('30m'), 30 * 60_000);
  assert.equal(parseEvery('6h'), 6 * 3_600_000);
  assert.equal(parseEvery('2D'), 2 * 86_400_000);
  assert.equal(parseEvery('90s'), 90_000);
  assert.equal(parseEvery('never'), null);
  for (const bad of ['0h', '1.5h', 'h', '24', 'daily', '-1d']) {
    assert.throws(() => parseEvery(bad), (error: unknown) => error instanceof AppError && error.code === 'BadRequest' && /--every must be/.test(error.message), bad);
  }
  assert.deepEqual(['30m', '6h', '2d', '90s', 'never'].map((text) => formatEvery(parseEvery(text))), ['30m', '6h', '2d', '90s', 'never']);
});

test('a repo is due one period after its last good or failed refresh; never tried, at once; on demand only, never', () => {
  const day = 86_400_000;
  assert.equal(nextRefreshAt({ everyMs: day, addedAt: 5, checkedAt: null, errorAt: null }), 5);
  assert.equal(nextRefreshAt({ everyMs: day, addedAt: 5, checkedAt: 100, errorAt: null }), 100 + day);
  assert.equal(nextRefreshAt({ everyMs: day, addedAt: 5, checkedAt: 100, errorAt: 300 }), 300 + day, 'a failure waits a period too');
  assert.equal(nextRefreshAt({ everyMs: null, addedAt: 5, checkedAt: 100, errorAt: null }), null);
});
