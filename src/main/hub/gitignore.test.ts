import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GitIgnore } from './gitignore.js';

describe('GitIgnore', () => {
  it('matches unanchored patterns at any depth and anchored ones from the root', () => {
    const ignore = new GitIgnore('*.bin\n/build\ndocs/*.md\n');
    assert.equal(ignore.ignores('w.bin'), true);
    assert.equal(ignore.ignores('deep/dir/w.bin'), true);
    assert.equal(ignore.ignores('build/out.txt'), true);
    assert.equal(ignore.ignores('src/build/out.txt'), false);
    assert.equal(ignore.ignores('docs/a.md'), true);
    assert.equal(ignore.ignores('docs/sub/a.md'), false);
    assert.equal(ignore.ignores('readme.md'), false);
  });

  it('applies directory-only rules to folders, negations, comments and escapes', () => {
    const ignore = new GitIgnore('# comment\nlogs/\n*.tmp\n!keep.tmp\n\\#literal\n');
    assert.equal(ignore.ignores('logs/a.txt'), true);
    assert.equal(ignore.ignores('x/logs/a.txt'), true);
    assert.equal(ignore.ignores('logs'), false);
    assert.equal(ignore.ignores('a.tmp'), true);
    assert.equal(ignore.ignores('keep.tmp'), false);
    assert.equal(ignore.ignores('#literal'), true);
    assert.equal(ignore.ignores('comment'), false);
  });

  it('cannot re-include a file inside an ignored folder', () => {
    const ignore = new GitIgnore('cache/\n!cache/keep.txt\n');
    assert.equal(ignore.ignores('cache/keep.txt'), true);
  });

  it('ignores nothing when empty', () => {
    assert.equal(new GitIgnore('').ignores('a'), false);
  });
});
