import assert from 'node:assert/strict';
import { AppError } from '../../src/shared/errors.js';

/** The AppError `run` throws (to assert its code and message); fails the test when it throws none. */
export function appError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  assert.fail('expected an AppError');
}
