import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { splitRevisionAndPath } from './request-values.js';

test('splits an encoded or raw revision from the path that follows', () => {
  assert.deepEqual(splitRevisionAndPath(['main']), { revision: 'main', path: '' });
  assert.deepEqual(splitRevisionAndPath(['main', 'a', 'b.txt']), { revision: 'main', path: 'a/b.txt' });
  assert.deepEqual(splitRevisionAndPath(['refs%2Fpr%2F1', 'sub%2Fdir']), { revision: 'refs/pr/1', path: 'sub/dir' });
  assert.deepEqual(splitRevisionAndPath(['refs', 'pr', '1', 'sub', 'dir']), { revision: 'refs/pr/1', path: 'sub/dir' });
  assert.deepEqual(splitRevisionAndPath(['feat%2Fx', '']), { revision: 'feat/x', path: '' });
});

test('refuses a missing revision and broken percent-encoding', () => {
  const badRequest = (error: unknown) => error instanceof AppError && error.code === 'BadRequest';
  assert.throws(() => splitRevisionAndPath([]), badRequest);
  assert.throws(() => splitRevisionAndPath(['', 'a']), badRequest);
  assert.throws(() => splitRevisionAndPath(['main', '%E0%A4%A']), badRequest);
});
