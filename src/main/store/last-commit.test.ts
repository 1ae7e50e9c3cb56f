import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALICE, storeWithRepo } from '../../../test/helpers/temp-store.js';
import type { Store } from './index.js';

const author = ALICE;

const setup = storeWithRepo;

async function commit(store: Store, repoId: number, title: string, files: Record<string, string>, deletes: string[] = []) {
  const operations = [
    ...Object.entries(files).map(([path, text]) => ({ type: 'add' as const, path, content: { data: Buffer.from(text) } })),
    ...deletes.map((path) => ({ type: 'delete' as const, path })),
  ];
  return (await store.commit({ repoId, branch: 'main', title, author, operations })).commitOid;
}

function titles(store: Store, head: string, paths: string[]): Record<string, string> {
  return Object.fromEntries([...store.lastCommits(head, paths)].map(([path, info]) => [path, info.title]));
}

describe('last commit of a path', () => {
  test('is the newest commit that changed the file, or anything below the folder', async () => {
    const { store, repo } = setup();
    await commit(store, repo.id, 'one', { 'a.txt': 'a', 'sub/b.txt': 'b', 'sub/deep/c.txt': 'c', 'other/d.txt': 'd' });
    await commit(store, repo.id, 'two', { 'sub/deep/c.txt': 'c2' });
    const head = await commit(store, repo.id, 'three', { 'a.txt': 'a3' });
    assert.deepEqual(titles(store, head, ['a.txt', 'sub', 'sub/b.txt', 'sub/deep', 'sub/deep/c.txt', 'other', 'other/d.txt', '.gitattributes']), {
      'a.txt': 'three',
      sub: 'two',
      'sub/b.txt': 'one',
      'sub/deep': 'two',
      'sub/deep/c.txt': 'two',
      other: 'one',
      'other/d.txt': 'one',
      '.gitattributes': 'initial commit',
    });
  });

  test('leaves out paths that do not exist at the commit', async () => {
    const { store, repo } = setup();
    const head = await commit(store, repo.id, 'one', { 'a.txt': 'a' });
    assert.deepEqual(titles(store, head, ['a.txt', 'missing.txt', 'nope/x.txt']), { 'a.txt': 'one' });
  });

  test('counts a file re-added after a delete from the commit that re-added it', async () => {
    const { store, repo } = setup();
    await commit(store, repo.id, 'add', { 'a.txt': 'a', 'b.txt': 'b' });
    await commit(store, repo.id, 'remove', {}, ['a.txt']);
    const head = await commit(store, repo.id, 'back', { 'a.txt': 'a' });
    assert.deepEqual(titles(store, head, ['a.txt', 'b.txt']), { 'a.txt': 'back', 'b.txt': 'add' });
  });

  test('stays right at a newer head after answers at the older head were cached', async () => {
    const { store, repo } = setup();
    const first = await commit(store, repo.id, 'one', { 'a.txt': 'a', 'b.txt': 'b' });
    assert.deepEqual(titles(store, first, ['a.txt', 'b.txt']), { 'a.txt': 'one', 'b.txt': 'one' });
    const second = await commit(store, repo.id, 'two', { 'b.txt': 'b2' });
    assert.deepEqual(titles(store, second, ['a.txt', 'b.txt']), { 'a.txt': 'one', 'b.txt': 'two' });
    assert.deepEqual(titles(store, first, ['a.txt', 'b.txt']), { 'a.txt': 'one', 'b.txt': 'one' });
  });
});
