import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GitIgnore } from './gitignore.js';

describe('GitIgnore', () => {
  it('matches unanchored patterns at any depth and anchored ones from the root', () => {
    const ignore = new GitIgnore('*.bin\n/build\ndocs/*.md\n');
    for (const path of ['w.bin', 'deep/dir/w.bin', 'build/out.txt', 'docs/a.md']) assert.equal(ignore.ignores(path), true, path);
    for (const path of ['src/build/out.txt', 'docs/sub/a.md', 'readme.md']) assert.equal(ignore.ignores(path), false, path);
  });

  it('applies directory-only rules to folders, negations, comments and escapes', () => {
    const ignore = new GitIgnore('# comment\nlogs/\n*.tmp\n!keep.tmp\n\\#literal\n');
    for (const path of ['logs/a.txt', 'x/logs/a.txt', 'a.tmp', '#literal']) assert.equal(ignore.ignores(path), true, path);
    for (const path of ['logs', 'keep.tmp', 'comment']) assert.equal(ignore.ignores(path), false, path);
  });

  it('cannot re-include a file inside an ignored folder', () => {
    const ignore = new GitIgnore('cache/\n!cache/keep.txt\n');
    assert.equal(ignore.ignores('cache/keep.txt'), true);
  });

  it('ignores nothing when empty', () => {
    assert.equal(new GitIgnore('').ignores('a'), false);
  });
});
