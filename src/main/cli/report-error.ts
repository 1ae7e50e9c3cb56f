import { debugRequested } from '../app-info.js';

/** One line on stderr (the stack when HUBKEEPER_DEBUG is set). */
export function reportError(error: unknown): void {
  if (debugRequested() && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`hubkeeper: ${message.split('\n')[0] ?? 'unknown error'}\n`);
}
