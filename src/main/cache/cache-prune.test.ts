import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { link, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { executePrune, planPrune } from './cache-prune.js';
import { scanCacheDir } from './cache-scan.js';

const DAY = 24 * 60 * 60 * 1000;
const config = { path: 'config.json', content: '{"a":1}' };
const commit = fakeCommit('kept');

async function messyCache(cache: string): Promise<string> {
  const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/m1', commit, refs: ['main'], files: [config] });
  await writeFile(join(repoPath, 'blobs', 'a'.repeat(64)), 'u'.repeat(1000));
  await writeFile(join(repoPath, 'blobs', `${'b'.repeat(64)}.0badf00d.incomplete`), 'i'.repeat(200));
  await writeFile(join(repoPath, 'refs', 'main.1234abcd.tmp'), commit);
  await mkdir(join(repoPath, 'refs', 'refs', 'pr'), { recursive: true });
  await writeFile(join(repoPath, 'refs', 'refs', 'pr', '7'), fakeCommit('gone'));
  await writeFile(join(repoPath, 'refs', 'v1'), `${commit}\n`);
  await mkdir(join(repoPath, '.no_exist', fakeCommit('empty')), { recursive: true });
  await mkdir(join(cache, '.locks', 'models--acme--m1'), { recursive: true });
  await writeFile(join(cache, '.locks', 'models--acme--m1', `${'a'.repeat(64)}.lock`), '');
  // A repo left with nothing but empty folders.
  await mkdir(join(cache, 'models--acme--hollow', 'blobs'), { recursive: true });
  await mkdir(join(cache, 'models--acme--hollow', 'snapshots'), { recursive: true });
  return repoPath;
}

describe('planPrune / executePrune', () => {
  it('removes leftovers older than the threshold and leaves every revision intact', async () => {
    const cache = tempDir();
    const repoPath = await messyCache(cache);
    const before = await scanCacheDir(cache);
    assert.equal(before.warnings.length, 1, 'one finding per repo, as Python raises one exception per repo');
    assert.match(before.warnings[0]?.message ?? '', /refer to missing commit hashes.*refs\/pr\/7.*v1/);

    const plan = await planPrune(before, { now: Date.now() + 2 * DAY });
    const kinds = plan.items.map((item) => item.kind).sort();
    assert.deepEqual(kinds, ['dangling-ref', 'empty-folder', 'empty-folder', 'incomplete', 'lock', 'ref-newline', 'temp', 'unreferenced-blob']);
    assert.equal(plan.expectedFreedBytes, 1000 + 200 + 40);
    assert.ok(existsSync(join(repoPath, 'blobs', 'a'.repeat(64))), 'planning changes nothing');

    const report = await executePrune(plan);
    assert.equal(report.freedBytes, plan.expectedFreedBytes);
    const after = await scanCacheDir(cache);
    assert.deepEqual(after.warnings, []);
    assert.deepEqual(after.incompleteFiles, []);
    assert.deepEqual(after.repos.map((r) => [r.repoId, r.revisions.map((rev) => [rev.commitHash, rev.refs])]), [['acme/m1', [[commit, ['main', 'v1']]]]]);
    assert.equal(await readFile(join(repoPath, 'refs', 'v1'), 'utf8'), commit, 'the newline is gone, the ref stays');
    assert.ok(!existsSync(join(repoPath, 'refs', 'refs')));
    assert.ok(!existsSync(join(repoPath, '.no_exist')));
    assert.ok(!existsSync(join(cache, 'models--acme--hollow')));
    assert.ok(!existsSync(join(cache, '.locks', 'models--acme--m1')));
    assert.ok(existsSync(join(repoPath, 'blobs', etagOf(config))));
  });

  it('spares young leftovers, which may belong to a running download', async () => {
    const cache = tempDir();
    await messyCache(cache);
    const plan = await planPrune(await scanCacheDir(cache), { olderThanMs: DAY });
    assert.deepEqual(plan.items.map((item) => item.kind).sort(), ['empty-folder', 'empty-folder', 'ref-newline']);
    const all = await planPrune(await scanCacheDir(cache), { olderThanMs: 0, now: Date.now() + 1000 });
    assert.equal(all.items.length, 8);
  });

  it('skips a file that changed after planning, and frees nothing for a blob linked elsewhere', async () => {
    const cache = tempDir();
    const outside = tempDir();
    const repoPath = await messyCache(cache);
    await link(join(repoPath, 'blobs', 'a'.repeat(64)), join(outside, 'hub-copy'));
    const plan = await planPrune(await scanCacheDir(cache), { olderThanMs: 0, now: Date.now() + 1000 });
    assert.equal(plan.items.find((item) => item.kind === 'unreferenced-blob')?.bytes, 0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(join(repoPath, 'blobs', `${'b'.repeat(64)}.0badf00d.incomplete`), 'i'.repeat(300));
    const report = await executePrune(plan);
    assert.equal(report.removed.incomplete, 0);
    assert.ok(existsSync(join(repoPath, 'blobs', `${'b'.repeat(64)}.0badf00d.incomplete`)));
  });
});
