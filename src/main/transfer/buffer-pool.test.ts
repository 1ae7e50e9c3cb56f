import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BufferPool } from './buffer-pool.js';

test('a pool carves page-aligned blocks up to its aligned memory, then lends ordinary ones and keeps only a few idle', () => {
  const pool = new BufferPool(64 * 1024, 1, 128 * 1024);
  const [a, b, c, d] = [pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()];
  assert.deepEqual([a, b, c, d].map((block) => pool.isAligned(block)), [true, true, false, false]);
  assert.ok([a, b, c, d].every((block) => block.length === 64 * 1024));
  for (const block of [c, d, a, b]) pool.release(block);
  // The aligned blocks always come back; of the ordinary ones only `retain` (1) is kept.
  const again = [pool.acquire(), pool.acquire(), pool.acquire()];
  assert.deepEqual(new Set(again), new Set([a, b, c]));
  assert.equal(pool.isAligned(pool.acquire()), false);
});
