import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_GITATTRIBUTES, GitAttributes, GitAttributesCache, ensureLfsCoverage, lfsSuffixProblem, looksBinary, matchesLfsSuffix, shouldUseLfs } from './lfs-rules.js';

test('.gitattributes patterns follow git: basename patterns at any depth, slash patterns from the root, last match wins', () => {
  const attributes = new GitAttributes(`${DEFAULT_GITATTRIBUTES}data/** filter=lfs diff=lfs merge=lfs -text\nkeep.bin -filter\n`);
  for (const path of ['w.bin', 'deep/er/w.safetensors', 'data/x/y.csv']) assert.equal(attributes.isLfs(path), true, path);
  for (const path of ['config.json', 'other/data/y.csv', 'sub/keep.bin']) assert.equal(attributes.isLfs(path), false, path);
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

test('suffix rules send small files to LFS, compared case-insensitively; empty files still never', () => {
  const none = new GitAttributes('');
  const text = new TextEncoder().encode('{}');
  assert.equal(shouldUseLfs({ path: 'w/model.SafeTensors', size: 2, sample: text }, none, 100, ['.safetensors']), true);
  assert.equal(shouldUseLfs({ path: 'config.json', size: 2, sample: text }, none, 100, ['.safetensors']), false);
  assert.equal(shouldUseLfs({ path: 'a.safetensors', size: 0, sample: new Uint8Array() }, none, 100, ['.safetensors']), false);
  assert.equal(matchesLfsSuffix('x.tar.gz', ['.tar.gz']), true);
  assert.equal(matchesLfsSuffix('safetensors', ['.safetensors']), false);
  assert.equal(matchesLfsSuffix('a.bin', []), false);
});

test('a suffix rule is a dot and a short name with no slash, space or control character', () => {
  for (const good of ['.safetensors', '.tar.gz', '.Q4_K_M.gguf']) assert.equal(lfsSuffixProblem(good), undefined, good);
  for (const bad of ['safetensors', '.', '', '.a/b', '.a\\b', '.a b', '.a\u0007', `.${'a'.repeat(64)}`]) {
    assert.ok(lfsSuffixProblem(bad), JSON.stringify(bad));
  }
});

test('parsed .gitattributes are remembered by blob oid, the most recent few', () => {
  const cache = new GitAttributesCache(2);
  let reads = 0;
  const read = (text: string) => () => {
    reads++;
    return text;
  };
  const first = cache.get('a'.repeat(40), read('*.bin filter=lfs diff=lfs merge=lfs -text\n'));
  assert.equal(first.isLfs('x.bin'), true);
  assert.equal(cache.get('a'.repeat(40), read('ignored')), first);
  const second = cache.get('b'.repeat(40), read(''));
  assert.equal(second.isLfs('x.bin'), false);
  cache.get('c'.repeat(40), read(''));
  assert.equal(reads, 3);
  cache.get('b'.repeat(40), read(''));
  assert.equal(reads, 3, 'b was used more recently than a');
  cache.get('a'.repeat(40), read('*.bin filter=lfs diff=lfs merge=lfs -text\n'));
  assert.equal(reads, 4, 'a was dropped when c came in');
});

test('suffix patterns ("*.bin") match as git does: any depth, the bare suffix, case-sensitive, only at the end', () => {
  const attributes = new GitAttributes('*.bin filter=lfs diff=lfs merge=lfs -text\n*.tar.gz filter=lfs diff=lfs merge=lfs -text\n');
  for (const path of ['a.bin', '.bin', 'x/y/z.bin', 'r.tar.gz', 'dir.bin/w.tar.gz']) assert.equal(attributes.isLfs(path), true, path);
  for (const path of ['a.BIN', 'a.bin.bak', 'abin', 'a.gz', 'dir.bin/w']) assert.equal(attributes.isLfs(path), false, path);
});

test('a text sample cut inside a multi-byte character is still text; invalid UTF-8 is binary', () => {
  const text = Buffer.from('{"name": "größe"}');
  assert.equal(looksBinary(text), false);
  assert.equal(looksBinary(text.subarray(0, text.indexOf(0xc3) + 1)), false);
  assert.equal(looksBinary(Buffer.from([0x7b, 0xff, 0x7d])), true);
  assert.equal(looksBinary(Buffer.from([0x7b, 0xc3, 0x7d])), true);
});
