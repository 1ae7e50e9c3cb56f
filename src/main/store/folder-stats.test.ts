import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createStore } from './index.js';

const author = { name: 'Alice', email: 'alice@example.com' };

function add(path: string, bytes: number, lfs: 'always' | 'never' = 'never') {
  return { type: 'add' as const, path, content: { data: Buffer.alloc(bytes, 7) }, lfs };
}

test('folder stats add up real sizes recursively, LFS files by their object size', async () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  const store = createStore({ db, dataDir: dir });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });
  const { commitOid } = await store.commit({
    repoId: repo.id, branch: 'main', title: 'files', author,
    operations: [add('a/one.txt', 10), add('a/b/two.txt', 20), add('a/b/w.bin', 5000, 'always'), add('top.txt', 3)],
  });
  const root = store.getEntry(commitOid, '');
  const folder = store.getEntry(commitOid, 'a');
  const sub = store.getEntry(commitOid, 'a/b');
  assert.ok(root && folder && sub);
  const attributes = store.getEntry(commitOid, '.gitattributes');
  assert.ok(attributes?.type === 'file');

  assert.deepEqual(store.folderStats(sub.oid), { size: 5020, files: 2 });
  assert.deepEqual(store.folderStats(folder.oid), { size: 5030, files: 3 });
  assert.deepEqual(store.folderStats(root.oid), { size: 5033 + attributes.size, files: 5 });

  const cached = db.prepare<[string], { size: number; files: number }>('SELECT size, files FROM tree_stats WHERE tree_oid = ?').get(sub.oid);
  assert.deepEqual({ ...cached }, { size: 5020, files: 2 }, 'sub-folders are cached on the way');
  db.close();
});

test('an empty folder tree counts nothing and deep trees do not overflow the stack', async () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  const store = createStore({ db, dataDir: dir });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'deep', author });
  const path = `${Array.from({ length: 300 }, (_, i) => `d${i}`).join('/')}/leaf.txt`;
  const { commitOid } = await store.commit({ repoId: repo.id, branch: 'main', title: 'deep', author, operations: [add(path, 4)] });
  const top = store.getEntry(commitOid, 'd0');
  assert.ok(top);
  assert.deepEqual(store.folderStats(top.oid), { size: 4, files: 1 });
  db.close();
});
