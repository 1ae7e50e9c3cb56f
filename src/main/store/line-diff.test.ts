import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unifiedHunks } from './line-diff.js';

test('a changed line is shown with three lines of context, as git diff prints it', () => {
  const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
  const after = 'a\nb\nc\nd\nE\nf\ng\nh\n';
  assert.equal(unifiedHunks(before, after), '@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
});

test('a new file, a deleted file and a missing final newline', () => {
  assert.equal(unifiedHunks('', 'x\ny\n'), '@@ -0,0 +1,2 @@\n+x\n+y\n');
  assert.equal(unifiedHunks('x\n', ''), '@@ -1 +0,0 @@\n-x\n');
  assert.equal(unifiedHunks('x\n', 'x'), '@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n');
});

test('distant changes make separate hunks; equal texts make none', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
  const changed = [...lines];
  changed[1] = 'X';
  changed[18] = 'Y';
  const hunks = unifiedHunks(`${lines.join('\n')}\n`, `${changed.join('\n')}\n`);
  assert.equal(hunks.match(/^@@/gm)?.length, 2);
  assert.match(hunks, /^@@ -1,5 \+1,5 @@$/m);
  assert.match(hunks, /^@@ -16,5 \+16,5 @@$/m);
  assert.equal(unifiedHunks('same\n', 'same\n'), '');
});
