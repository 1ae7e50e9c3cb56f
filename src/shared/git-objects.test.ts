import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  EMPTY_TREE_OID, FILE_MODE, TREE_MODE, commitMessage, parseCommit, parseTree, serializeCommit, serializeTree, objectHeader,
} from './git-objects.js';
import { lfsPointerSize, lfsPointerText, parseLfsPointer } from './lfs-pointer.js';

const hash = (type: 'blob' | 'tree' | 'commit', body: Uint8Array) =>
  createHash('sha1').update(objectHeader(type, body.length)).update(body).digest('hex');
const gitHash = (type: string, body: Uint8Array) =>
  execFileSync('git', ['hash-object', '-t', type, '--stdin'], { input: body, encoding: 'utf8' }).trim();

test('blob, tree and commit ids equal what git hash-object computes', () => {
  const blob = new TextEncoder().encode('hello\n');
  assert.equal(hash('blob', blob), gitHash('blob', blob));
  assert.equal(hash('tree', serializeTree([])), EMPTY_TREE_OID);
  const tree = serializeTree([
    { name: 'b.txt', mode: FILE_MODE, oid: hash('blob', blob) },
    { name: 'a', mode: TREE_MODE, oid: EMPTY_TREE_OID },
    { name: 'a.txt', mode: FILE_MODE, oid: hash('blob', blob) },
    { name: 'a-b', mode: FILE_MODE, oid: hash('blob', blob) },
  ]);
  // "a-b" < "a.txt" < "a/" (tree sorts as "a/") < "b.txt"
  assert.deepEqual(parseTree(tree).map((e) => e.name), ['a-b', 'a.txt', 'a', 'b.txt']);
  assert.equal(hash('tree', tree), gitHash('tree', tree));
  const sig = { name: 'Alice', email: 'alice@example.com', time: 1_700_000_000, timezone: '+0000' };
  const commit = serializeCommit({ tree: EMPTY_TREE_OID, parents: [], author: sig, committer: sig, message: commitMessage('Title', 'Body') });
  assert.equal(hash('commit', commit), gitHash('commit', commit));
  const parsed = parseCommit(commit);
  assert.equal(parsed.message, 'Title\n\nBody\n');
  assert.deepEqual(parsed.author, sig);
});

test('LFS pointers are the three spec lines and their size is 125 + digits', () => {
  const oid = 'a'.repeat(64);
  const text = lfsPointerText({ oid, size: 12345 });
  assert.equal(text, `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 12345\n`);
  assert.equal(new TextEncoder().encode(text).length, lfsPointerSize(12345));
  assert.deepEqual(parseLfsPointer(text), { oid, size: 12345 });
  assert.equal(parseLfsPointer(text.replace('size', 'sizes')), undefined);
});
