import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { openDatabase } from '../db/index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createStore } from './index.js';

const author = { name: 'Alice', email: 'alice@example.com' };

function setup() {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  const store = createStore({ db, dataDir: dir });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });
  return { store, repo, base: store.repoUsage(repo.id), db, dir };
}

function add(path: string, data: Buffer, lfs: 'always' | 'never' = 'never') {
  return { type: 'add' as const, path, content: { data }, lfs };
}

function quotaError(error: unknown): boolean {
  return error instanceof AppError && error.code === 'QuotaExceeded' && error.status === 413;
}

describe('storage usage', () => {
  test('counts each unique content once, LFS files by their object size, history included', async () => {
    const { store, repo, base } = setup();
    const big = Buffer.alloc(4000, 1);
    await store.commit({
      repoId: repo.id, branch: 'main', title: 'one', author,
      operations: [add('a.bin', big, 'always'), add('copy/a.bin', big, 'always'), add('x.txt', Buffer.from('hello'))],
    });
    assert.equal(store.repoUsage(repo.id), base + 4000 + 5);
    await store.commit({ repoId: repo.id, branch: 'main', title: 'two', author, operations: [{ type: 'delete', path: 'x.txt' }] });
    assert.equal(store.repoUsage(repo.id), base + 4000 + 5, 'deleted files still take space in history');
  });

  test('a squash releases what only old history held, and a namespace counts shared content once', async () => {
    const { store, repo, base } = setup();
    await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [add('old.bin', Buffer.alloc(1000, 2), 'always')] });
    await store.commit({ repoId: repo.id, branch: 'main', title: 'two', author, operations: [{ type: 'delete', path: 'old.bin' }, add('new.bin', Buffer.alloc(300, 3), 'always')] });
    assert.equal(store.repoUsage(repo.id), base + 1300);
    store.squash(repo.id, 'main', author);
    assert.equal(store.repoUsage(repo.id), base + 300);

    const other = store.createRepo({ type: 'dataset', namespace: 'alice', name: 'd1', author });
    await store.commit({ repoId: other.id, branch: 'main', title: 'same', author, operations: [add('same.bin', Buffer.alloc(300, 3), 'always'), add('own.bin', Buffer.alloc(50, 4), 'always')] });
    assert.equal(store.repoUsage(other.id), base + 350);
    // Both repos hold the same default .gitattributes and the same 300 bytes.
    assert.equal(store.namespaceQuota('alice').used, base + 350);
    store.deleteRepo(other.id);
    assert.equal(store.namespaceQuota('ALICE').used, base + 300);
  });

  test('after commits on many branches the figures equal a fresh count, and deleting a branch releases what only it held', async () => {
    const { store, repo, base, db, dir } = setup();
    for (let i = 0; i < 4; i++) store.createBranch(repo.id, `b${i}`);
    let expected = base;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) {
        const bytes = 100 + round * 10 + i;
        await store.commit({ repoId: repo.id, branch: `b${i}`, title: `r${round}`, author, operations: [add(`f${round}.bin`, Buffer.alloc(bytes, 10 + i), 'always')] });
        expected += bytes;
        // Read after each commit, so each figure extends the one before.
        assert.equal(store.repoUsage(repo.id), expected);
      }
    }
    // A store opened afresh on the same database walks everything once.
    assert.equal(createStore({ db, dataDir: dir }).repoUsage(repo.id), expected);
    store.deleteBranch(repo.id, 'b3');
    assert.equal(store.repoUsage(repo.id), expected - (103 + 113 + 123));
    store.squash(repo.id, 'main', author);
    assert.equal(store.repoUsage(repo.id), expected - (103 + 113 + 123));
  });
});

describe('quotas', () => {
  test('an upload that would exceed the repo quota is refused with used, limit and incoming in the message', async () => {
    const { store, repo, base } = setup();
    store.assertQuota(repo.id, 1_000_000_000);
    const status = store.setRepoQuota(repo.id, base + 1000);
    assert.deepEqual(status, { limit: base + 1000, used: base });
    store.assertQuota(repo.id, 1000);
    assert.throws(() => store.assertQuota(repo.id, 1001), (error: unknown) => {
      assert.ok(quotaError(error));
      assert.match((error as Error).message, /repository alice\/m1/);
      assert.match((error as Error).message, new RegExp(`${base} \\+ 1001 > ${base + 1000} bytes`));
      return true;
    });
    await store.commit({ repoId: repo.id, branch: 'main', title: 'fill', author, operations: [add('w.bin', Buffer.alloc(900), 'always')] });
    assert.throws(() => store.assertQuota(repo.id, 101), quotaError);
    store.setRepoQuota(repo.id, null);
    store.assertQuota(repo.id, 10_000);
  });

  test('the namespace quota covers every repo of the namespace', async () => {
    const { store, repo } = setup();
    const other = store.createRepo({ type: 'model', namespace: 'alice', name: 'm2', author });
    await store.commit({ repoId: other.id, branch: 'main', title: 'fill', author, operations: [add('w.bin', Buffer.alloc(5000), 'always')] });
    const used = store.namespaceQuota('alice').used;
    store.setNamespaceQuota('alice', used + 10);
    store.assertQuota(repo.id, 10);
    assert.throws(() => store.assertQuota(repo.id, 11), (error: unknown) => quotaError(error) && /namespace alice/.test((error as Error).message));
    assert.throws(() => store.setNamespaceQuota('alice', -1), (error: unknown) => error instanceof AppError && error.code === 'BadRequest');
  });
});
