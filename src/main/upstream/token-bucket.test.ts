import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from './token-bucket.js';

test('takers share the rate: 1 MB through a 4 MB/s bucket takes about a quarter second after the burst', async () => {
  const bucket = new TokenBucket(4 * 1024 * 1024);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 8; i++) await bucket.take(64 * 1024);
    }),
  );
  const elapsed = performance.now() - start;
  // 2 MiB taken, 1 MiB of burst: about 250 ms.
  assert.ok(elapsed >= 200 && elapsed < 600, `took ${elapsed} ms`);
});

test('a waiting taker stops when aborted', async () => {
  const bucket = new TokenBucket(1024);
  await bucket.take(64 * 1024);
  await assert.rejects(bucket.take(1024 * 1024, AbortSignal.timeout(20)), { name: 'AbortError' });
});
