import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, shareBlob, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { executeDeletion, planDeletion, selectTargets } from './cache-delete.js';
import { scanCacheDir } from './cache-scan.js';
import { verifyCache } from './cache-verify.js';
import { tryLoadFromCache } from '../download/index.js';

const weights = { path: 'model.safetensors', content: 'w'.repeat(8000), lfs: true };
const config = { path: 'config.json', content: '{"a":1}' };
const xet = `ab${'9'.repeat(62)}`;

/** Two repos holding the same Xet file once, in Python 2's shared store. */
async function sharedCache(cache: string): Promise<{ a: string; b: string; payload: string }> {
  const { repoPath: a } = await writePythonCacheRevision(cache, { repoId: 'acme/a', commit: fakeCommit('a'), refs: ['main'], files: [weights, config] });
  const { repoPath: b } = await writePythonCacheRevision(cache, { repoId: 'acme/b', commit: fakeCommit('b'), refs: ['main'], files: [weights] });
  await shareBlob(cache, a, etagOf(weights), xet);
  const payload = await shareBlob(cache, b, etagOf(weights), xet);
  return { a, b, payload };
}

describe("Python 2's shared blob store", () => {
  it('is skipped by the scan, and its files count once in the cache size', async () => {
    const cache = tempDir();
    const { payload } = await sharedCache(cache);
    const scan = await scanCacheDir(cache);
    assert.deepEqual(scan.warnings, []);
    assert.deepEqual(scan.repos.map((r) => [r.repoId, r.sizeOnDisk]), [['acme/a', 8007], ['acme/b', 8000]]);
    assert.equal(scan.sizeOnDisk, 8007);
    assert.equal(scan.repos[1]?.revisions[0]?.files[0]?.blobPath, payload);
    assert.equal(await tryLoadFromCache(cache, 'acme/b', 'model.safetensors'), join(scan.repos[1]?.repoPath ?? '', 'snapshots', fakeCommit('b'), 'model.safetensors'));
  });

  it('deleting a repo removes its link into the store but leaves the shared file to Python', async () => {
    const cache = tempDir();
    const { a, b, payload } = await sharedCache(cache);
    const scan = await scanCacheDir(cache);
    const plan = await planDeletion(scan, selectTargets(scan, ['acme/b']));
    assert.equal(plan.expectedFreedBytes, 40, 'only the ref: the shared file stays');
    await executeDeletion(plan);
    assert.ok(!existsSync(b));
    assert.ok(existsSync(payload));
    const revisionPlan = await planDeletion(await scanCacheDir(cache), [{ repoPath: a, commitHash: fakeCommit('a') }]);
    assert.ok(revisionPlan.items.some((item) => item.kind === 'repo'));
  });

  it('verifies shared files once, and repair removes the bad shared file so Python cannot link it again', async () => {
    const cache = tempDir();
    const { a, b, payload } = await sharedCache(cache);
    const clean = await verifyCache(await scanCacheDir(cache));
    assert.equal(clean.checkedBlobs, 2, 'the shared file once, config.json once');
    assert.deepEqual(clean.corrupt, []);
    await chmod(payload, 0o644);
    await writeFile(payload, 'x'.repeat(8000));
    const report = await verifyCache(await scanCacheDir(cache), { repair: true });
    assert.deepEqual(report.corrupt.map((c) => c.repoId), ['acme/a', 'acme/b']);
    assert.ok(!existsSync(payload));
    assert.ok(!existsSync(join(a, 'blobs', etagOf(weights))));
    assert.ok(!existsSync(join(b, 'snapshots', fakeCommit('b'), 'model.safetensors')));
    assert.deepEqual((await scanCacheDir(cache)).warnings, []);
  });
});
