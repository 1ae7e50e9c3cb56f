import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A bandwidth limit shared by every transfer of a client. Callers take tokens (bytes) as they
 * consume data; the balance may go negative and the caller then sleeps off its debt, so
 * concurrent transfers share the rate without a queue and each waits in proportion to what it took.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly burst: number;

  constructor(
    readonly bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(bytesPerSecond > 0)) throw new RangeError('The bandwidth limit must be a positive number of bytes per second');
    // A quarter of a second of burst keeps the rate smooth at any chunk size.
    this.burst = Math.max(64 * 1024, bytesPerSecond / 4);
    this.tokens = this.burst;
    this.last = this.now();
  }

  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const waitMs = this.reserve(bytes);
    if (waitMs > 0) await sleep(waitMs, undefined, signal ? { signal } : undefined);
  }

  /** Takes the tokens now and says how long to wait (ms) before using them; 0 when there is no debt. */
  reserve(bytes: number): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.bytesPerSecond) / 1000);
    this.last = now;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.bytesPerSecond;
  }
}
