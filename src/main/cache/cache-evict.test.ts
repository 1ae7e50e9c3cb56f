import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { executeDeletion, planDeletion } from './cache-delete.js';
import { selectForEviction } from './cache-evict.js';
import { scanCacheDir } from './cache-scan.js';

const base = { path: 'base.bin', content: 'b'.repeat(10_000), lfs: true };

/** Revisions last used at t=150 (old), 200 (middle) and 300 (recent); old and middle share `base`. */
async function lruCache(cache: string): Promise<{ old: string; middle: string; recent: string; repoPath: string }> {
  const old = fakeCommit('old');
  const middle = fakeCommit('middle');
  const recent = fakeCommit('recent');
  const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/a', commit: old, files: [base, { path: 'x.bin', content: 'x'.repeat(3000), lfs: true }] });
  await writePythonCacheRevision(cache, { repoId: 'acme/a', commit: middle, refs: ['main'], files: [base, { path: 'y.bin', content: 'y'.repeat(2000), lfs: true }] });
  await writePythonCacheRevision(cache, { type: 'dataset', repoId: 'acme/d', commit: recent, refs: ['main'], files: [{ path: 'z.bin', content: 'z'.repeat(4000), lfs: true }] });
  const touch = async (repo: string, content: string, at: number): Promise<void> => {
    await utimes(join(cache, repo, 'blobs', etagOf({ path: '', content, lfs: true })), at, at);
  };
  await touch('models--acme--a', 'x'.repeat(3000), 100);
  await touch('models--acme--a', 'b'.repeat(10_000), 150);
  await touch('models--acme--a', 'y'.repeat(2000), 200);
  await touch('datasets--acme--d', 'z'.repeat(4000), 300);
  return { old, middle, recent, repoPath };
}

describe('selectForEviction', () => {
  it('drops least recently used revisions until the cache fits, counting shared blobs only when freed', async () => {
    const cache = tempDir();
    const { old, middle, repoPath } = await lruCache(cache);
    const scan = await scanCacheDir(cache);
    assert.equal(scan.sizeOnDisk, 19_000);

    // Dropping "old" frees only x.bin (base is still used by "middle").
    const one = selectForEviction(scan, 16_000);
    assert.deepEqual(one.selection, [{ repoPath, commitHash: old }]);
    assert.equal(one.sizeAfter, 16_000);

    // 15_999 needs "middle" too, which then frees base and y.bin: never half a revision.
    const two = selectForEviction(scan, 15_999);
    assert.deepEqual(two.selection.map((s) => s.commitHash), [old, middle]);
    assert.equal(two.sizeAfter, 4000);

    assert.deepEqual(selectForEviction(scan, 19_000).selection, []);
    assert.equal(selectForEviction(scan, 0).sizeAfter, 0);
  });

  it('feeds a deletion plan whose freed bytes match the eviction', async () => {
    const cache = tempDir();
    const { repoPath } = await lruCache(cache);
    const scan = await scanCacheDir(cache);
    const choice = selectForEviction(scan, 5000);
    const plan = await planDeletion(scan, choice.selection);
    // Both model revisions go, so the repo folder goes, with its 40-byte ref.
    assert.deepEqual(plan.repos.map((r) => r.repoId), ['acme/a']);
    assert.equal(plan.expectedFreedBytes, 15_000 + 40);
    await executeDeletion(plan);
    assert.ok(!existsSync(repoPath));
    assert.equal((await scanCacheDir(cache)).sizeOnDisk, choice.sizeAfter);
  });
});

describe('selectForEviction ties', () => {
  it('prefers revisions no ref points at when access times are equal', async () => {
    const cache = tempDir();
    const tagged = fakeCommit('tagged');
    const detached = fakeCommit('detached');
    const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/t', commit: tagged, refs: ['main'], files: [base], timeSeconds: 100 });
    await writePythonCacheRevision(cache, { repoId: 'acme/t', commit: detached, files: [{ path: 'w.bin', content: 'w'.repeat(500), lfs: true }], timeSeconds: 100 });
    const choice = selectForEviction(await scanCacheDir(cache), 10_000);
    assert.deepEqual(choice.selection, [{ repoPath, commitHash: detached }]);
  });
});
