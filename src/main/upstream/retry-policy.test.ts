import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RETRY_POLICY, isRetryableError, isRetryableStatus, overlongWaitError, retryDelayMs, serverWaitMs } from './retry-policy.js';

test('the RateLimit header of a 429 gives the wait, plus one second as Python waits', () => {
  assert.equal(serverWaitMs({ ratelimit: '"api";r=0;t=55' }), 56_000);
  assert.equal(serverWaitMs({ ratelimit: '"api";r=0;t=0' }), 1000);
});

test('Retry-After is read in seconds or as an HTTP date', () => {
  assert.equal(serverWaitMs({ 'retry-after': '3' }), 4000);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(serverWaitMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, now), 11_000);
  assert.equal(serverWaitMs({}), undefined);
  assert.equal(serverWaitMs({ 'retry-after': 'soon' }), undefined);
});

test('backoff doubles from the base to the cap, and a server-named wait wins (capped)', () => {
  const fixed = () => 0.5;
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 0, undefined, fixed), 1000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 2, undefined, fixed), 4000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 10, undefined, fixed), 8000);
  assert.equal(retryDelayMs(DEFAULT_RETRY_POLICY, 0, 56_000, fixed), 56_000);
  assert.equal(retryDelayMs({ ...DEFAULT_RETRY_POLICY, maxServerWaitMs: 10_000 }, 0, 56_000, fixed), 10_000);
});

test('timeouts, rate limits, 5xx and dropped connections are retried; client errors and aborts are not', () => {
  for (const status of [408, 429, 500, 502, 503, 504]) assert.ok(isRetryableStatus(status), String(status));
  for (const status of [400, 401, 403, 404, 416]) assert.ok(!isRetryableStatus(status), String(status));
  assert.ok(isRetryableError(Object.assign(new Error('reset'), { code: 'ECONNRESET' })));
  assert.ok(isRetryableError(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }) })));
  assert.ok(!isRetryableError(new DOMException('aborted', 'AbortError')));
  assert.ok(!isRetryableError(new Error('plain')));
});

test('the RateLimit-Reset header of the earlier drafts gives the wait too', () => {
  assert.equal(serverWaitMs({ 'ratelimit-reset': '20' }), 21_000);
});

test('a policy that fails on longer waits names the host and when to retry; the default caps the wait instead', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const failing = { ...DEFAULT_RETRY_POLICY, longerServerWait: 'fail' as const };
  const error = overlongWaitError(failing, 3_601_000, 'https://hub.example/api/models/a/b/refs?x=1', now);
  assert.equal(error?.code, 'RateLimited');
  assert.match(error?.message ?? '', /^hub\.example is rate limiting requests and asks to wait 3601 s .*retry after 2026-01-01T01:00:01\.000Z$/);
  assert.equal(overlongWaitError(failing, 60_000, 'https://hub.example/', now), undefined, 'a wait within the limit is waited');
  assert.equal(overlongWaitError(DEFAULT_RETRY_POLICY, 3_601_000, 'https://hub.example/', now), undefined);
});
