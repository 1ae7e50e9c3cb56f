import { setMaxListeners } from 'node:events';

/**
 * Runs `task` over `items` with at most `limit` at once. The first failure aborts the signal
 * handed to the other tasks, waits for them to stop, and is thrown.
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  task: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  // Every task listens for the abort (and its transfers do too): more than the default 10.
  setMaxListeners(Math.max(10, limit * 8), controller.signal);
  const forward = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) forward();
  signal?.addEventListener('abort', forward, { once: true });
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure && !controller.signal.aborted) {
      const item = items[next++] as T;
      try {
        await task(item, controller.signal);
      } catch (error) {
        failure ??= { error };
        controller.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  } finally {
    signal?.removeEventListener('abort', forward);
  }
  if (failure) throw signal?.aborted ? signal.reason : failure.error;
  signal?.throwIfAborted();
}
