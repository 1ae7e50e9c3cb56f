import type { Cleanup } from '../../helpers/start-server.js';

/**
 * Cleanups that run last-registered-first (node:test runs `after` hooks in registration order):
 * the browser closes before the UI's core, and that core before the remote hub it downloads from.
 */
export function cleanupStack(t: Cleanup): Cleanup {
  const steps: Array<() => unknown> = [];
  t.after(async () => {
    for (const step of steps.reverse()) await step();
  });
  return { after: (step) => void steps.push(step) };
}
