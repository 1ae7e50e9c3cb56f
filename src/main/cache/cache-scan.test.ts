import assert from 'node:assert/strict';
import { mkdir, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { scanCacheDir } from './cache-scan.js';

const big = { path: 'model.safetensors', content: 'w'.repeat(5000), lfs: true };
const config = { path: 'config.json', content: '{"a":1}' };
const nested = { path: 'sub/dir/tokenizer.json', content: 'tok'.repeat(100) };

describe('scanCacheDir', () => {
  it('reports repos, revisions, nested refs and sizes counted once per blob', async () => {
    const cache = tempDir();
    const c1 = fakeCommit('one');
    const c2 = fakeCommit('two');
    await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit: c1, refs: ['main'], files: [big, config, nested], timeSeconds: 1_000_000 });
    await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit: c2, refs: ['refs/pr/1', 'v1'], files: [big, { path: 'config.json', content: '{"a":2}' }], timeSeconds: 2_000_000 });
    await writePythonCacheRevision(cache, { type: 'dataset', repoId: 'acme/d1', commit: c1, refs: ['main'], files: [config] });
    await writeFile(join(cache, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n');
    await mkdir(join(cache, '.locks', 'models--acme--m1'), { recursive: true });

    const scan = await scanCacheDir(cache);
    assert.deepEqual(scan.warnings, []);
    assert.deepEqual(scan.repos.map((r) => `${r.repoType}:${r.repoId}`), ['dataset:acme/d1', 'model:acme/m1']);
    const m1 = scan.repos[1];
    assert.ok(m1);
    // big (5000) + config v1 (7) + nested (300) + config v2 (7): big is shared by both revisions.
    assert.equal(m1.sizeOnDisk, 5000 + 7 + 300 + 7);
    assert.equal(m1.nbFiles, 4);
    assert.equal(m1.lastModifiedMs, 2_000_000_000);
    assert.equal(m1.revisions.length, 2);
    const [newest, oldest] = m1.revisions;
    assert.equal(newest?.commitHash, c2);
    assert.deepEqual(newest?.refs, ['refs/pr/1', 'v1']);
    assert.equal(newest?.sizeOnDisk, 5007);
    assert.equal(oldest?.commitHash, c1);
    assert.deepEqual(oldest?.refs, ['main']);
    assert.equal(oldest?.nbFiles, 3);
    assert.deepEqual(oldest?.files.map((f) => f.name), ['config.json', 'model.safetensors', 'sub/dir/tokenizer.json']);
    assert.ok(oldest?.files.every((f) => f.link === 'symlink' && f.blobPath.includes(`${join('blobs', '')}`)));
    assert.equal(oldest?.files.find((f) => f.name === 'model.safetensors')?.blobPath, join(m1.repoPath, 'blobs', etagOf(big)));
    assert.equal(scan.sizeOnDisk, m1.sizeOnDisk + 7);
  });

  it('lists .incomplete files per repo and for the whole cache', async () => {
    const cache = tempDir();
    const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit: fakeCommit('x'), refs: ['main'], files: [config] });
    await writeFile(join(repoPath, 'blobs', `${'a'.repeat(64)}.1234abcd.incomplete`), 'partial');
    await writeFile(join(repoPath, 'blobs', `${'b'.repeat(64)}.incomplete`), 'js');
    const scan = await scanCacheDir(cache);
    assert.equal(scan.incompleteFiles.length, 2);
    assert.equal(scan.repos[0]?.incompleteFiles.length, 2);
    assert.equal(scan.repos[0]?.sizeOnDisk, 7);
    assert.deepEqual(scan.warnings, []);
  });

  it('gives the same findings as Python for broken caches, keeping the repos so they can be fixed', async () => {
    const cache = tempDir();
    const commit = fakeCommit('c');
    // Missing snapshots folder.
    await mkdir(join(cache, 'models--acme--nosnap', 'blobs'), { recursive: true });
    // A broken symlink.
    const broken = await writePythonCacheRevision(cache, { repoId: 'acme/broken', commit, refs: ['main'], files: [config, big] });
    await unlink(broken.blobPaths.get('model.safetensors') ?? '');
    // A ref with a trailing newline (what scan_cache_dir calls a missing commit).
    const newline = await writePythonCacheRevision(cache, { repoId: 'acme/newline', commit, files: [config] });
    await mkdir(join(newline.repoPath, 'refs'));
    await writeFile(join(newline.repoPath, 'refs', 'main'), `${commit}\n`);
    // Unknown repo type, a file at the top, a folder that is not a repo.
    await mkdir(join(cache, 'kernels--acme--k', 'snapshots'), { recursive: true });
    await writeFile(join(cache, 'stray.txt'), 'x');
    await mkdir(join(cache, 'not-a-repo'));

    const scan = await scanCacheDir(cache);
    const messages = scan.warnings.map((w) => w.message);
    assert.ok(messages.some((m) => m.startsWith("Snapshots dir doesn't exist in cached repo:") && m.includes('nosnap')));
    assert.ok(messages.some((m) => m === `Blob missing (broken symlink): ${broken.blobPaths.get('model.safetensors')}`));
    assert.ok(messages.some((m) => m.startsWith('Reference(s) refer to missing commit hashes:') && m.includes(JSON.stringify(`${commit}\n`))));
    assert.ok(messages.some((m) => m.startsWith('Repo type must be `dataset`, `model` or `space`, found `kernel`')));
    assert.ok(messages.some((m) => m.startsWith('Repo path is not a directory:') && m.endsWith('stray.txt')));
    assert.ok(messages.some((m) => m.startsWith('Repo path is not a valid HuggingFace cache directory:') && m.endsWith('not-a-repo')));
    assert.equal(messages.length, 6);

    const byId = new Map(scan.repos.map((r) => [r.repoId, r]));
    assert.deepEqual([...byId.keys()].sort(), ['acme/broken', 'acme/newline', 'acme/nosnap']);
    const brokenRepo = byId.get('acme/broken');
    assert.equal(brokenRepo?.revisions[0]?.missingBlobs[0]?.name, 'model.safetensors');
    assert.equal(brokenRepo?.sizeOnDisk, 7);
    assert.equal(byId.get('acme/newline')?.danglingRefs[0]?.ref, 'main');
    assert.equal(byId.get('acme/nosnap')?.revisions.length, 0);
    assert.equal(byId.get('acme/nosnap')?.problems.length, 1);
  });

  it('accepts real files in snapshots (symlink-less caches) and JS snapshot names without refs', async () => {
    const cache = tempDir();
    const jsCommit = fakeCommit('last commit of config.json');
    await writePythonCacheRevision(cache, { repoId: 'acme/win', commit: fakeCommit('w'), refs: ['main'], files: [config, nested], mode: 'python-no-symlinks' });
    await writePythonCacheRevision(cache, { repoId: 'acme/js', commit: jsCommit, files: [config] });
    const scan = await scanCacheDir(cache);
    assert.deepEqual(scan.warnings, []);
    const win = scan.repos.find((r) => r.repoId === 'acme/win');
    assert.equal(win?.sizeOnDisk, 7 + 300);
    assert.ok(win?.revisions[0]?.files.every((f) => f.link === 'file' && f.blobPath === f.filePath));
    const js = scan.repos.find((r) => r.repoId === 'acme/js');
    assert.equal(js?.revisions[0]?.commitHash, jsCommit);
    assert.deepEqual(js?.revisions[0]?.refs, []);
  });

  it('counts hard-linked copies once and orders revisions by blob times', async () => {
    const cache = tempDir();
    const { repoPath, snapshotPath } = await writePythonCacheRevision(cache, { repoId: 'acme/m', commit: fakeCommit('1'), refs: ['main'], files: [big] });
    const second = join(repoPath, 'snapshots', fakeCommit('2'));
    await mkdir(second);
    await symlink(join('..', '..', 'blobs', etagOf(big)), join(second, 'model.safetensors'));
    await utimes(join(repoPath, 'blobs', etagOf(big)), 5000, 6000);
    const scan = await scanCacheDir(cache);
    const repo = scan.repos[0];
    assert.equal(repo?.sizeOnDisk, 5000);
    assert.equal(repo?.nbFiles, 1);
    assert.equal(repo?.lastAccessedMs, 5_000_000);
    assert.equal(repo?.revisions.length, 2);
    assert.ok(repo?.revisions.every((r) => r.lastAccessedMs === 5_000_000 && r.sizeOnDisk === 5000));
    await rm(snapshotPath, { recursive: true });
  });

  it('refuses a missing cache folder', async () => {
    await assert.rejects(scanCacheDir(join(tempDir(), 'nope')), /does not exist/);
  });
});
