import { setTimeout as sleep } from 'node:timers/promises';
import type { BodySink } from './body-sink.js';
import type { TokenBucket } from './token-bucket.js';

/** A sink behind the bandwidth limit: it asks the sender to pause for as long as the bucket says. */
export class PacedSink implements BodySink {
  private resumeAt = 0;

  constructor(
    private readonly inner: BodySink,
    private readonly bucket: TokenBucket,
    private readonly signal?: AbortSignal,
  ) {}

  write(chunk: Uint8Array): boolean {
    const more = this.inner.write(chunk);
    const wait = this.bucket.reserve(chunk.length);
    if (wait > 0) this.resumeAt = performance.now() + wait;
    return more && wait <= 0;
  }

  async drained(): Promise<void> {
    const wait = this.resumeAt - performance.now();
    await Promise.all([this.inner.drained(), wait > 0 ? sleep(wait, undefined, this.signal ? { signal: this.signal } : undefined) : undefined]);
  }
}
