import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../shared/errors.js';
import { isRetryableError } from '../upstream/index.js';

/** The body ended before the requested bytes arrived (the connection was dropped). */
export class PrematureEndError extends Error {
  constructor(received: number, expected: number) {
    super(`the connection closed after ${received} of ${expected} bytes`);
    this.name = 'PrematureEndError';
  }
}

/**
 * Runs `attempt` until it returns true (done). Network failures are retried with backoff; a run
 * of `retries` attempts in a row that bring no new bytes (as `progress()` reports) gives up.
 */
export async function withTransferRetries(
  attempt: () => Promise<boolean>,
  progress: () => number,
  options: { readonly retries: number; readonly signal: AbortSignal; readonly label: string },
): Promise<void> {
  let failures = 0;
  for (;;) {
    const before = progress();
    try {
      if (await attempt()) return;
      continue;
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason ?? error;
      if (!(error instanceof PrematureEndError) && !isRetryableError(error) && !isDroppedConnection(error)) throw error;
      failures = progress() > before ? 1 : failures + 1;
      if (failures > options.retries) {
        throw new AppError('UpstreamUnavailable', `${options.label}: the download kept failing (${describe(error)}); the bytes received so far are kept`, {}, { cause: error });
      }
      await sleep(Math.min(8000, 250 * 2 ** failures), undefined, { signal: options.signal });
    }
  }
}

/** Connection-level failures the raw sockets report with these codes. */
function isDroppedConnection(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
