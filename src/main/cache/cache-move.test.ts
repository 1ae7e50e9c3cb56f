import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { link, lstat, mkdir, mkdtemp, readdir, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { moveCache } from './cache-move.js';
import { scanCacheDir, type CacheScan } from './cache-scan.js';

const weights = { path: 'model.safetensors', content: 'w'.repeat(300_000), lfs: true };
const nested = { path: 'a/b/c.json', content: '{"c":1}' };

async function sampleCache(cache: string): Promise<void> {
  await writePythonCacheRevision(cache, { repoId: 'acme/m', commit: fakeCommit('1'), refs: ['main'], files: [weights, nested], timeSeconds: 1_000_000 });
  const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/w', commit: fakeCommit('2'), refs: ['main', 'refs/pr/3'], files: [nested], mode: 'python-no-symlinks' });
  // The copy fallback of linkSnapshot: a hard link between blobs/ and the snapshot.
  const snapshot = join(repoPath, 'snapshots', fakeCommit('2'));
  await writeFile(join(repoPath, 'blobs', etagOf(weights)), weights.content);
  await link(join(repoPath, 'blobs', etagOf(weights)), join(snapshot, 'model.safetensors'));
  await writeFile(join(repoPath, 'blobs', `${'c'.repeat(64)}.incomplete`), 'partial');
  await writeFile(join(cache, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n');
}

function summary(scan: CacheScan): unknown {
  return {
    size: scan.sizeOnDisk,
    warnings: scan.warnings.length,
    incomplete: scan.incompleteFiles.map((f) => f.size),
    repos: scan.repos.map((repo) => ({
      id: repo.repoId,
      size: repo.sizeOnDisk,
      files: repo.nbFiles,
      accessed: repo.lastAccessedMs,
      revisions: repo.revisions.map((r) => [r.commitHash, r.refs, r.files.map((f) => [f.name, f.size, f.link])]),
    })),
  };
}

describe('moveCache', () => {
  it('renames the folder when source and target share a file system', async () => {
    const root = tempDir();
    const from = join(root, 'hub');
    await sampleCache(from);
    const before = summary(await scanCacheDir(from));
    const report = await moveCache(from, join(root, 'elsewhere', 'hub'));
    assert.equal(report.method, 'rename');
    assert.ok(!existsSync(from));
    assert.deepEqual(summary(await scanCacheDir(join(root, 'elsewhere', 'hub'))), before);
  });

  it('copies, verifies and then removes the source, keeping symlinks, hard links and times', async () => {
    const root = tempDir();
    const from = join(root, 'hub');
    const to = join(root, 'new', 'hub');
    await sampleCache(from);
    const scan = await scanCacheDir(from);
    const before = summary(scan);
    const weightsBlob = join(from, 'models--acme--m', 'blobs', etagOf(weights));
    await utimes(weightsBlob, 1234, 5678);
    const linkText = await readlink(join(from, 'models--acme--m', 'snapshots', fakeCommit('1'), 'a', 'b', 'c.json'));

    const report = await moveCache(from, to, { copy: true, leaveSymlink: true });
    assert.equal(report.method, 'copy');
    assert.equal(report.symlinks, 2);
    assert.equal(await readlink(join(to, 'models--acme--m', 'snapshots', fakeCommit('1'), 'a', 'b', 'c.json')), linkText);
    const moved = await stat(join(to, 'models--acme--m', 'blobs', etagOf(weights)));
    assert.deepEqual([moved.atimeMs, moved.mtimeMs], [1_234_000, 5_678_000]);
    const hardLinked = await stat(join(to, 'models--acme--w', 'blobs', etagOf(weights)));
    assert.equal(hardLinked.nlink, 2);
    assert.equal(report.bytes, 300_000 * 2 + 7 * 3 + 40 * 3 + 44, 'each inode once (blobs, .incomplete, refs, CACHEDIR.TAG)');
    assert.ok((await lstat(from)).isSymbolicLink(), 'the old path now leads to the new one');
    assert.equal(await readlink(from), to);
    const movedSummary = summary(await scanCacheDir(to)) as { repos: { accessed: number }[] };
    const expected = before as { repos: { accessed: number }[] };
    assert.deepEqual({ ...movedSummary, repos: movedSummary.repos.map((r) => ({ ...r, accessed: 0 })) }, { ...expected, repos: expected.repos.map((r) => ({ ...r, accessed: 0 })) });
    assert.deepEqual((await readdir(dirname(to))).filter((name) => name.includes('partial')), []);
  });

  it('moves across file systems when a second one is at hand (/dev/shm)', async (t) => {
    let other: string;
    try {
      other = await mkdtemp('/dev/shm/hubkeeper-test-');
    } catch {
      t.skip('no writable /dev/shm');
      return;
    }
    after(() => rm(other, { recursive: true, force: true }));
    const from = join(tempDir(), 'hub');
    await sampleCache(from);
    const before = summary(await scanCacheDir(from));
    const report = await moveCache(from, join(other, 'hub'));
    assert.equal(report.method, 'copy');
    assert.ok(!existsSync(from));
    const moved = summary(await scanCacheDir(join(other, 'hub'))) as { repos: object[] };
    assert.equal(JSON.stringify(moved.repos.map((r) => ({ ...r, accessed: 0 }))), JSON.stringify((before as { repos: object[] }).repos.map((r) => ({ ...r, accessed: 0 }))));
  });

  it('leaves the source untouched and no partial copy when stopped midway', async () => {
    const root = tempDir();
    const from = join(root, 'hub');
    await sampleCache(from);
    const before = summary(await scanCacheDir(from));
    const controller = new AbortController();
    await assert.rejects(moveCache(from, join(root, 'to'), { copy: true, signal: controller.signal, onProgress: () => controller.abort() }), { name: 'AbortError' });
    assert.deepEqual(summary(await scanCacheDir(from)), before);
    assert.deepEqual((await readdir(root)).sort(), ['hub']);
  });

  it('refuses a target that holds files or lies inside the source', async () => {
    const root = tempDir();
    const from = join(root, 'hub');
    await sampleCache(from);
    await mkdir(join(root, 'full'));
    await writeFile(join(root, 'full', 'x'), '');
    await assert.rejects(moveCache(from, join(root, 'full')), /already exists/);
    await assert.rejects(moveCache(from, join(from, 'inner')), /one contains the other/);
    await mkdir(join(root, 'empty'));
    assert.equal((await moveCache(from, join(root, 'empty'))).method, 'rename');
  });
});
