import { AppError } from '../../shared/errors.js';

/**
 * Runs a transfer that Ctrl-C or SIGTERM stops cleanly: the task gets an aborted signal, and an
 * interrupted run says how to resume and exits with 130 (as a shell does for SIGINT).
 */
export async function runResumable(task: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new AppError('Conflict', 'Interrupted; run the same command again to resume'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await task(controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    process.stderr.write('hubkeeper: interrupted; run the same command again to resume\n');
    process.exitCode = 130;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
