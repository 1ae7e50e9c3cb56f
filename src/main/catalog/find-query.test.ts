import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { compileGlob, likePattern, parseFindQuery } from './find-query.js';

const badRequest = (pattern: RegExp) => (error: unknown) => error instanceof AppError && error.code === 'BadRequest' && pattern.test(error.message);

test('a hash is 40 or 64 hex digits, lowercased; anything else is refused', () => {
  assert.deepEqual(parseFindQuery({ hash: 'AB'.repeat(20) }), { kind: 'hash', hash: 'ab'.repeat(20) });
  assert.deepEqual(parseFindQuery({ hash: 'c'.repeat(64) }), { kind: 'hash', hash: 'c'.repeat(64) });
  for (const hash of ['xyz', 'a'.repeat(39), 'g'.repeat(40), '']) assert.throws(() => parseFindQuery({ hash }), badRequest(/--hash must be/));
});

test('exactly one kind of query is given', () => {
  assert.throws(() => parseFindQuery({}), badRequest(/exactly one/));
  assert.throws(() => parseFindQuery({ ext: 'gguf', name: 'x' }), badRequest(/exactly one/));
});

test('a glob without a slash matches file names at any depth; with one, whole paths', () => {
  const names = compileGlob('*.gguf');
  assert.ok(names('q4.gguf') && names('sub/dir/q4.gguf') && !names('q4.gguf.part'));
  const paths = compileGlob('sub/**/*.json');
  assert.ok(paths('sub/a/b.json') && !paths('other/b.json'));
  assert.ok(compileGlob('.gitattributes')('.gitattributes'), 'dot files match');
});

test('a glob that does not parse is refused', () => {
  for (const glob of ['[abc', 'a{b,c', '(x', '  ']) assert.throws(() => compileGlob(glob), badRequest(/--file/));
});

test('extension and name patterns escape LIKE wildcards', () => {
  assert.equal(likePattern({ kind: 'ext', ext: 'gguf' }), '%.gguf');
  assert.equal(parseFindQuery({ ext: '.safetensors' }).kind, 'ext');
  assert.equal(likePattern({ kind: 'name', text: '50%_a' }), '%50\\%\\_a%');
  assert.throws(() => parseFindQuery({ ext: 'a/b' }), badRequest(/--ext/));
});
