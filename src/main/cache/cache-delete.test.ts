import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { link, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { executeDeletion, planDeletion, selectTargets } from './cache-delete.js';
import { scanCacheDir } from './cache-scan.js';

const shared = { path: 'model.safetensors', content: 's'.repeat(4000), lfs: true };
const onlyOld = { path: 'old.bin', content: 'o'.repeat(1500), lfs: true };
const configOld = { path: 'config.json', content: '{"v":1}' };
const configNew = { path: 'config.json', content: '{"v":22}' };
const c1 = fakeCommit('old');
const c2 = fakeCommit('new');

async function twoRevisions(cache: string): Promise<string> {
  await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit: c1, refs: ['refs/pr/1'], files: [shared, onlyOld, configOld, { path: 'sub/deep.txt', content: 'deep' }] });
  const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit: c2, refs: ['main'], files: [shared, configNew] });
  return repoPath;
}

describe('planDeletion / executeDeletion', () => {
  it('removes a revision, its refs and the blobs only it used, freeing exactly the planned bytes', async () => {
    const cache = tempDir();
    const repoPath = await twoRevisions(cache);
    await mkdir(join(repoPath, '.no_exist', c1), { recursive: true });
    await writeFile(join(repoPath, '.no_exist', c1, 'optional.json'), '');
    const scan = await scanCacheDir(cache);

    const plan = await planDeletion(scan, selectTargets(scan, ['acme/m1@refs/pr/1']));
    // The blobs only it uses, plus its 40-byte ref file.
    assert.equal(plan.expectedFreedBytes, 1500 + 7 + 4 + 40);
    assert.deepEqual(plan.revisions.map((r) => [r.commitHash, r.refs]), [[c1, ['refs/pr/1']]]);
    assert.deepEqual(plan.repos, []);
    assert.deepEqual(plan.items.map((i) => i.kind), ['ref', 'snapshot', 'marker', 'blob', 'blob', 'blob']);
    assert.ok(existsSync(join(repoPath, 'snapshots', c1)), 'planning changes nothing');

    const report = await executeDeletion(plan);
    assert.equal(report.freedBytes, plan.expectedFreedBytes);
    assert.deepEqual(report.keptBlobs, []);
    assert.ok(!existsSync(join(repoPath, 'refs', 'refs')), 'empty nested ref folders go too');
    assert.ok(existsSync(join(repoPath, 'refs', 'main')));
    assert.ok(!existsSync(join(repoPath, '.no_exist', c1)));

    const after = await scanCacheDir(cache);
    assert.deepEqual(after.warnings, []);
    assert.deepEqual(after.repos[0]?.revisions.map((r) => r.commitHash), [c2]);
    assert.equal(after.sizeOnDisk, scan.sizeOnDisk - (plan.expectedFreedBytes - 40));
    assert.ok(existsSync(join(repoPath, 'blobs', etagOf(shared))), 'a blob the remaining revision uses stays');
  });

  it("removes a revision's tree listing and extracted archives, counting their bytes, and keeps the other revision's", async () => {
    const cache = tempDir();
    const repoPath = await twoRevisions(cache);
    for (const commit of [c1, c2]) {
      await mkdir(join(repoPath, 'trees'), { recursive: true });
      await writeFile(join(repoPath, 'trees', `${commit}.json`), '{}');
      await mkdir(join(repoPath, 'extracted', commit, 'data'), { recursive: true });
      await writeFile(join(repoPath, 'extracted', commit, 'data', 'rows.csv'), 'r'.repeat(300));
    }
    const scan = await scanCacheDir(cache);
    const plan = await planDeletion(scan, selectTargets(scan, ['acme/m1@refs/pr/1']));
    assert.deepEqual(
      plan.items.filter((i) => i.kind === 'marker').map((i) => [i.path, i.bytes]),
      [[join(repoPath, 'trees', `${c1}.json`), 2], [join(repoPath, 'extracted', c1), 300]],
    );
    await executeDeletion(plan);
    assert.ok(!existsSync(join(repoPath, 'trees', `${c1}.json`)) && !existsSync(join(repoPath, 'extracted', c1)));
    assert.ok(existsSync(join(repoPath, 'trees', `${c2}.json`)) && existsSync(join(repoPath, 'extracted', c2, 'data', 'rows.csv')));
  });

  it('removes the whole repo folder (incomplete files, stray blobs, locks) when every revision goes', async () => {
    const cache = tempDir();
    const repoPath = await twoRevisions(cache);
    await writeFile(join(repoPath, 'blobs', `${'e'.repeat(64)}.abcd0123.incomplete`), 'x'.repeat(300));
    await writeFile(join(repoPath, 'blobs', 'f'.repeat(40)), 'y'.repeat(20));
    await mkdir(join(cache, '.locks', 'models--acme--m1'), { recursive: true });
    await writeFile(join(cache, '.locks', 'models--acme--m1', `${etagOf(shared)}.lock`), '');
    const scan = await scanCacheDir(cache);

    const plan = await planDeletion(scan, selectTargets(scan, [c1, c2]));
    assert.deepEqual(plan.repos.map((r) => r.repoId), ['acme/m1']);
    // Blobs in use, the .incomplete file, the stray blob and the two 40-byte refs.
    assert.equal(plan.expectedFreedBytes, scan.sizeOnDisk + 300 + 20 + 80);
    const report = await executeDeletion(plan);
    assert.equal(report.freedBytes, plan.expectedFreedBytes);
    assert.ok(!existsSync(repoPath));
    assert.ok(!existsSync(join(cache, '.locks', 'models--acme--m1')));
  });

  it('counts no bytes for a blob that stays hard-linked elsewhere (the hub store sharing an inode)', async () => {
    const cache = tempDir();
    const store = tempDir();
    const repoPath = await twoRevisions(cache);
    await link(join(repoPath, 'blobs', etagOf(onlyOld)), join(store, 'hub-copy'));
    const scan = await scanCacheDir(cache);
    const plan = await planDeletion(scan, [{ repoPath, commitHash: c1 }]);
    assert.equal(plan.expectedFreedBytes, 7 + 4 + 40);
    const report = await executeDeletion(plan);
    assert.equal(report.freedBytes, 7 + 4 + 40);
    assert.ok(existsSync(join(store, 'hub-copy')));
  });

  it('frees real snapshot files of symlink-less caches', async () => {
    const cache = tempDir();
    await writePythonCacheRevision(cache, { repoId: 'acme/w', commit: c1, refs: ['v1'], files: [onlyOld], mode: 'python-no-symlinks' });
    await writePythonCacheRevision(cache, { repoId: 'acme/w', commit: c2, refs: ['main'], files: [configNew], mode: 'python-no-symlinks' });
    const scan = await scanCacheDir(cache);
    const plan = await planDeletion(scan, selectTargets(scan, ['acme/w@v1']));
    assert.equal(plan.expectedFreedBytes, 1500 + 40);
    assert.equal((await executeDeletion(plan)).freedBytes, 1500 + 40);
  });

  it('keeps a blob that a snapshot made after the plan links to', async () => {
    const cache = tempDir();
    const repoPath = await twoRevisions(cache);
    const scan = await scanCacheDir(cache);
    const plan = await planDeletion(scan, [{ repoPath, commitHash: c1 }]);
    const c3 = join(repoPath, 'snapshots', fakeCommit('newer'));
    await mkdir(c3);
    await symlink(join('..', '..', 'blobs', etagOf(onlyOld)), join(c3, 'old.bin'));
    const report = await executeDeletion(plan);
    assert.deepEqual(report.keptBlobs, [join(repoPath, 'blobs', etagOf(onlyOld))]);
    assert.equal(report.freedBytes, 7 + 4 + 40);
    assert.deepEqual((await scanCacheDir(cache)).warnings, []);
  });
});

describe('selectTargets', () => {
  it('understands repo ids, type prefixes, folder names, @revisions and bare commits', async () => {
    const cache = tempDir();
    const repoPath = await twoRevisions(cache);
    const { repoPath: datasetPath } = await writePythonCacheRevision(cache, { type: 'dataset', repoId: 'acme/m1', commit: c1, refs: ['main'], files: [configOld] });
    const scan = await scanCacheDir(cache);
    assert.deepEqual(selectTargets(scan, ['acme/m1']), [{ repoPath }]);
    assert.deepEqual(selectTargets(scan, ['model/acme/m1', 'models--acme--m1']), [{ repoPath }, { repoPath }]);
    assert.deepEqual(selectTargets(scan, ['datasets/acme/m1']), [{ repoPath: datasetPath }]);
    assert.deepEqual(selectTargets(scan, ['acme/m1'], 'dataset'), [{ repoPath: datasetPath }]);
    assert.deepEqual(selectTargets(scan, ['acme/m1@main']), [{ repoPath, commitHash: c2 }]);
    assert.deepEqual(selectTargets(scan, [`acme/m1@${c1}`]), [{ repoPath, commitHash: c1 }]);
    assert.deepEqual(selectTargets(scan, [c1]), [{ repoPath: datasetPath, commitHash: c1 }, { repoPath, commitHash: c1 }]);
    assert.throws(() => selectTargets(scan, ['acme/nope', 'acme/m1@dev']), /Not in the cache .*acme\/nope, acme\/m1@dev/);
  });
});
