import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { commitFiles } from '../../../test/helpers/read-fixtures.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { storeWithRepo } from '../../../test/helpers/temp-store.js';
import { LocalTree } from './push-local.js';

describe('LocalTree.changesSince: what a push sends and deletes when the remote holds an older local tree', () => {
  it('finds added, changed and deleted files at any depth, a file turned folder and a folder turned file, and nothing else', async () => {
    const { store, repo } = storeWithRepo();
    const before = await commitFiles(store, repo.id, {
      'config.json': '{}',
      'same/deep/a.txt': 'a',
      'same/b.txt': 'b',
      'nested/keep.txt': 'k',
      'nested/inner/change.txt': 'old',
      'nested/inner/gone.txt': 'g',
      'was-file': 'f',
      'was-folder/x.txt': 'x',
      'was-folder/y/z.txt': 'z',
    });
    await commitFiles(store, repo.id, { 'nested/inner/change.txt': 'new' }, { deletes: ['nested/inner/gone.txt', 'was-file', 'was-folder'] });
    await commitFiles(store, repo.id, { 'nested/added.txt': 'n', 'was-file/now.txt': 'w', 'was-folder': 'file now' });
    const local = new LocalTree(store, 'model', 'alice/m1', 'main');
    const baseTree = local.treeOfCommit(before);
    assert.ok(baseTree !== undefined);

    const { changed, deleted } = local.changesSince(baseTree);
    assert.deepEqual(changed.map((entry) => entry.path).sort(), ['nested/added.txt', 'nested/inner/change.txt', 'was-file/now.txt', 'was-folder']);
    assert.deepEqual(deleted, ['nested/inner/gone.txt', 'was-file', 'was-folder/x.txt', 'was-folder/y/z.txt']);
    assert.equal(changed.find((entry) => entry.path === 'nested/inner/change.txt')?.size, 3, 'entries carry their sizes, as the full listing does');
    assert.deepEqual(local.changesSince(local.treeOid), { changed: [], deleted: [] });
  });
});

describe('LocalTree.lfsRange: the bytes of an object being sent, read around the page cache where aligned', () => {
  it('gives exactly bytes [start, end) for aligned and unaligned ranges, several buffers long or short', async () => {
    const { store } = storeWithRepo();
    const local = new LocalTree(store, 'model', 'alice/m1', 'main');
    const dir = tempDir();
    const file = join(dir, 'object.bin');
    const content = randomBytes(3 * 512 * 1024 + 12_345);
    writeFileSync(file, content);
    const ranges: Array<[number, number]> = [[0, content.length], [4096, 2 * 512 * 1024 + 7], [1, 5000], [0, 100], [512 * 1024, content.length], [content.length - 3, content.length]];
    for (const [start, end] of ranges) {
      const chunks: Buffer[] = [];
      let counted = 0;
      for await (const chunk of local.lfsRange(file, start, end, (bytes) => (counted += bytes))) chunks.push(Buffer.from(chunk));
      assert.ok(Buffer.concat(chunks).equals(content.subarray(start, end)), `bytes ${start}-${end}`);
      assert.equal(counted, end - start);
    }
    await assert.rejects(async () => {
      for await (const _chunk of local.lfsRange(file, 0, content.length + 1, () => undefined)) void _chunk;
    }, /ended 1 bytes early/);
  });
});
