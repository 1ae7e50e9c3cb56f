import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitFiles } from '../../../test/helpers/read-fixtures.js';
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
