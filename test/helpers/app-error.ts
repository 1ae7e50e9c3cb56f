import assert from 'node:assert/strict';
import { AppError } from '../../src/shared/errors.js';

/** The error of class `type` that `run` throws (to assert what it says); fails the test when it throws none. */
export function thrownError<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  assert.fail(`expected ${type.name} to be thrown`);
}

/** The AppError `run` throws (to assert its code and message); fails the test when it throws none. */
export function appError(run: () => unknown): AppError {
  return thrownError(AppError, run);
}
