import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RepoFile } from '../../../shared/app-api.js';
import { ancestorFolders, buildFileTree, findNode, visibleRows } from './file-tree-model.js';

function file(path: string, size: number): RepoFile {
  return { path, size, oid: 'a'.repeat(40), sha256: null, lfs: false };
}

const files = [file('README.md', 10), file('weights/b.bin', 300), file('weights/a/x.bin', 1000), file('weights/a/y.bin', 5), file('.gitattributes', 1)];

describe('buildFileTree', () => {
  it('totals sizes and file counts per folder, folders first then files by name', () => {
    const root = buildFileTree(files);
    assert.equal(root.size, 1316);
    assert.equal(root.fileCount, 5);
    assert.deepEqual(root.children.map((node) => node.name), ['weights', '.gitattributes', 'README.md']);
    const weights = findNode(root, 'weights');
    assert.ok(weights?.kind === 'folder');
    assert.equal(weights.size, 1305);
    assert.equal(weights.fileCount, 3);
    const nested = findNode(root, 'weights/a');
    assert.ok(nested?.kind === 'folder');
    assert.deepEqual([nested.size, nested.fileCount], [1005, 2]);
    assert.equal(findNode(root, 'weights/a/x.bin')?.kind, 'file');
    assert.equal(findNode(root, 'weights/zzz'), undefined);
    assert.equal(findNode(root, 'README.md/x'), undefined);
  });

  it('builds a 100,000-file tree quickly', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => file(`shard-${i % 100}/part-${i}.parquet`, i));
    const started = performance.now();
    const root = buildFileTree(many);
    const rows = visibleRows(root, { 'shard-7': true });
    assert.equal(root.fileCount, 100_000);
    assert.equal(rows.length, 100 + 1000);
    assert.ok(performance.now() - started < 1500, 'builds in well under the time a user waits');
  });
});

describe('visibleRows', () => {
  it('shows children of expanded folders only, with tree positions', () => {
    const root = buildFileTree(files);
    assert.deepEqual(visibleRows(root, {}).map((row) => row.node.path), ['weights', '.gitattributes', 'README.md']);
    const rows = visibleRows(root, { weights: true, 'weights/a': true });
    assert.deepEqual(
      rows.map((row) => [row.node.path, row.level, row.posInSet, row.setSize]),
      [
        ['weights', 1, 1, 3],
        ['weights/a', 2, 1, 2],
        ['weights/a/x.bin', 3, 1, 2],
        ['weights/a/y.bin', 3, 2, 2],
        ['weights/b.bin', 2, 2, 2],
        ['.gitattributes', 1, 2, 3],
        ['README.md', 1, 3, 3],
      ],
    );
  });
});

describe('ancestorFolders', () => {
  it('lists the folders to open to show a path', () => {
    assert.deepEqual(ancestorFolders('a/b/c.txt'), ['a', 'a/b']);
    assert.deepEqual(ancestorFolders('c.txt'), []);
  });
});
