import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from './errors.js';
import { checkCommitPath, repoPathProblem, normalizeFolderPath } from './repo-path.js';
import { nameProblem } from './repo-id.js';
import { refNameProblem } from './ref-name.js';

test('repo paths that could escape or confuse git are refused', () => {
  for (const ok of ['a', 'a/b.txt', 'dir/sub dir/é.json', '.gitattributes', 'a..b']) assert.equal(repoPathProblem(ok), undefined, ok);
  for (const bad of ['', '/a', 'a/', 'a//b', './a', 'a/./b', '../a', 'a/../b', 'a\\b', 'a\0b', 'C:/x', '.git/x', 'a/.git']) {
    assert.notEqual(repoPathProblem(bad), undefined, JSON.stringify(bad));
  }
  assert.equal(normalizeFolderPath('/a/b/'), 'a/b');
  assert.equal(normalizeFolderPath(''), '');
});

test('in a repo a backslash is an ordinary character; on a file system it is refused', () => {
  assert.equal(repoPathProblem('folder/..\\..\\file', 'repo'), undefined);
  assert.equal(normalizeFolderPath('a\\b/'), 'a\\b');
  assert.notEqual(repoPathProblem('folder/..\\..\\file', 'file-system'), undefined);
});

test('a commit path starting with ".." is 422, other bad paths 400', () => {
  const codeOf = (path: string): string | undefined => {
    try {
      checkCommitPath(path);
      return undefined;
    } catch (error) {
      return error instanceof AppError ? `${error.status} ${error.code}` : 'other';
    }
  };
  for (const path of ['..', '../a', '..\\a', '..a']) assert.equal(codeOf(path), '422 UnprocessableEntity', path);
  for (const path of ['a/../b', '/a', 'a//b']) assert.equal(codeOf(path), '400 InvalidPath', path);
  assert.equal(codeOf('folder/..\\..\\file'), undefined);
});

test('repo names follow the HF rules', () => {
  for (const ok of ['m1', 'My-Model_2.0', 'a']) assert.equal(nameProblem(ok), undefined, ok);
  for (const bad of ['', '-a', 'a-', '.a', 'a.', 'a--b', 'a..b', 'a.git', 'a b', 'a/b', 'x'.repeat(97)]) {
    assert.notEqual(nameProblem(bad), undefined, bad);
  }
});

test('branch and tag names follow git check-ref-format and HF', () => {
  for (const ok of ['main', 'feat/x', 'v1.0', 'release-2']) assert.equal(refNameProblem(ok), undefined, ok);
  for (const bad of ['', 'a..b', 'a b', 'a~', 'a^', 'a:b', 'a?', 'a*', 'a[', '/a', 'a/', 'a.lock', '.a', 'refs/pr/1', 'HEAD', 'a@{b', 'a'.repeat(40).replace(/a/g, 'f')]) {
    assert.notEqual(refNameProblem(bad), undefined, bad);
  }
});
