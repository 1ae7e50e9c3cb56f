import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_GITATTRIBUTES, GitAttributes, ensureLfsCoverage, looksBinary, shouldUseLfs } from './lfs-rules.js';

test('.gitattributes patterns follow git: basename patterns at any depth, slash patterns from the root, last match wins', () => {
  const attributes = new GitAttributes(`${DEFAULT_GITATTRIBUTES}data/** filter=lfs diff=lfs merge=lfs -text\nkeep.bin -filter\n`);
  assert.equal(attributes.isLfs('w.bin'), true);
  assert.equal(attributes.isLfs('deep/er/w.safetensors'), true);
  assert.equal(attributes.isLfs('config.json'), false);
  assert.equal(attributes.isLfs('data/x/y.csv'), true);
  assert.equal(attributes.isLfs('other/data/y.csv'), false);
  assert.equal(attributes.isLfs('sub/keep.bin'), false);
});

test('coverage lines escape special characters so they match only their path', () => {
  const text = ensureLfsCoverage('*.bin filter=lfs diff=lfs merge=lfs -text', ['a.bin', 'my file [v2]*.dat']);
  assert.ok(text !== undefined);
  const attributes = new GitAttributes(text);
  assert.equal(attributes.isLfs('my file [v2]*.dat'), true);
  assert.equal(attributes.isLfs('my file v.dat'), false);
  assert.equal(ensureLfsCoverage(text, ['a.bin', 'my file [v2]*.dat']), undefined);
});

test('the LFS decision: attributes, threshold, binary sample; never for empty files', () => {
  const none = new GitAttributes('');
  const text = new TextEncoder().encode('plain text');
  assert.equal(shouldUseLfs({ path: 'a.txt', size: 10, sample: text }, none, 100), false);
  assert.equal(shouldUseLfs({ path: 'a.txt', size: 100, sample: text }, none, 100), true);
  assert.equal(shouldUseLfs({ path: 'a.txt', size: 3, sample: Uint8Array.of(0x61, 0, 0x62) }, none, 100), true);
  assert.equal(shouldUseLfs({ path: 'a.bin', size: 0, sample: new Uint8Array() }, new GitAttributes(DEFAULT_GITATTRIBUTES), 100), false);
  assert.equal(looksBinary(Uint8Array.of(0xff, 0xfe)), true);
  // A multi-byte character cut at the end of the sample is still text.
  assert.equal(looksBinary(new TextEncoder().encode('héllo').subarray(0, 2)), false);
});
