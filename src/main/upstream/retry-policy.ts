import { AppError } from '../../shared/errors.js';
import { describeUrl } from './hub-error.js';

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Never wait longer than this for one Retry-After / RateLimit reset, even when told to. */
  readonly maxServerWaitMs: number;
  /**
   * When the server names a longer wait: 'cap' waits maxServerWaitMs and tries again (a download
   * wants its file); 'fail' throws a RateLimited error naming when to retry (a refresh that can
   * run again later should not block for an hour).
   */
  readonly longerServerWait?: 'cap' | 'fail';
}

/** Python's http_backoff: 5 retries, 1 s doubling to 8 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, baseDelayMs: 1000, maxDelayMs: 8000, maxServerWaitMs: 5 * 60_000 };

type HeaderValue = string | string[] | undefined;

/** Statuses worth another try: timeouts, rate limits, server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENOTFOUND',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

/** Transient network failures (the connection dropped, timed out or could not be made). */
export function isRetryableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && RETRYABLE_CODES.has(code)) return true;
    if (current.name === 'AbortError') return false;
    current = current.cause;
  }
  return false;
}

/**
 * How long the server asked us to wait, in ms: `Retry-After` (seconds or an HTTP date) or the
 * IETF `RateLimit: "api";r=0;t=55` header huggingface.co sends with 429 (t = seconds to reset),
 * or the earlier drafts' `RateLimit-Reset: 55`. Python waits that long plus one second; so do we.
 */
export function serverWaitMs(headers: Readonly<Record<string, HeaderValue>>, now = Date.now()): number | undefined {
  const rateLimit = first(headers['ratelimit']);
  if (rateLimit !== undefined) {
    const match = /(?:^|[;,\s])t=(\d+(?:\.\d+)?)/.exec(rateLimit);
    if (match?.[1]) return (Number(match[1]) + 1) * 1000;
  }
  const reset = first(headers['ratelimit-reset'])?.trim();
  if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset)) return (Number(reset) + 1) * 1000;
  const retryAfter = first(headers['retry-after'])?.trim();
  if (retryAfter === undefined || retryAfter === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return (Number(retryAfter) + 1) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now) + 1000;
}

/** Exponential backoff with jitter for attempt n (0-based), unless the server named a wait. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, serverWait: number | undefined, random = Math.random): number {
  if (serverWait !== undefined) return Math.min(serverWait, policy.maxServerWaitMs);
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exponential * (0.75 + random() * 0.5));
}

/**
 * The error to throw instead of waiting, when the policy fails on a server-named wait longer than
 * it allows: RateLimited, naming the host, the wait asked for and the time to retry after.
 */
export function overlongWaitError(policy: RetryPolicy, serverWait: number | undefined, url: string, now = Date.now()): AppError | undefined {
  if (policy.longerServerWait !== 'fail' || serverWait === undefined || serverWait <= policy.maxServerWaitMs) return undefined;
  const retryAt = new Date(now + serverWait).toISOString();
  const host = new URL(url).host;
  return new AppError(
    'RateLimited',
    `${host} is rate limiting requests and asks to wait ${Math.ceil(serverWait / 1000)} s (more than the ${Math.round(policy.maxServerWaitMs / 1000)} s waited at most): retry after ${retryAt}`,
    { url: describeUrl(url), retryAt },
    { status: 429 },
  );
}

function first(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
