import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRemoteRepoId, isCommitId } from './download-target.js';

test('remote repo ids may be "namespace/name" or a bare legacy name, nothing that could leave the cache', () => {
  for (const ok of ['gpt2', 'openai-community/gpt2', 'acme/m1.v2']) assert.doesNotThrow(() => checkRemoteRepoId(ok), ok);
  for (const bad of ['a/b/c', '../x', 'a/..', 'a--b/c', '', 'a/']) assert.throws(() => checkRemoteRepoId(bad), { code: 'InvalidRepoName' }, bad);
});

test('commit ids are 40 hex (git) or 64 hex (KohakuHub); branch names are not', () => {
  assert.ok(isCommitId('a'.repeat(40)));
  assert.ok(isCommitId('b'.repeat(64)));
  assert.ok(!isCommitId('main'));
  assert.ok(!isCommitId('A'.repeat(40)));
});
