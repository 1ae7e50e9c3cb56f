import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chmod, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { scanCacheDir } from './cache-scan.js';
import { verifyCache, type VerifyProgress } from './cache-verify.js';
import { tryLoadFromCache } from '../download/index.js';

const weights = { path: 'model.safetensors', content: 'w'.repeat(3000), lfs: true };
const config = { path: 'config.json', content: '{"a":1}' };
const tokenizer = { path: 'sub/tokenizer.json', content: '{"t":1}' };
const readme = { path: 'README.md', content: '# hi' };
const c1 = fakeCommit('1');
const c2 = fakeCommit('2');

async function cacheWithDamage(cache: string): Promise<{ repoPath: string }> {
  await writePythonCacheRevision(cache, { repoId: 'acme/m', commit: c1, refs: ['v1'], files: [weights, config, readme] });
  const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'acme/m', commit: c2, refs: ['main'], files: [weights, tokenizer, readme] });
  const corrupt = async (etag: string, content: string): Promise<void> => {
    const path = join(repoPath, 'blobs', etag);
    await chmod(path, 0o644);
    await writeFile(path, content);
  };
  await corrupt(etagOf(weights), `${'w'.repeat(2999)}X`);
  await corrupt(etagOf(config), '{"a":2}');
  await unlink(join(repoPath, 'blobs', etagOf(tokenizer)));
  return { repoPath };
}

describe('verifyCache', () => {
  it('finds blobs whose bytes no longer match their sha256 or git SHA-1 name, and broken links', async () => {
    const cache = tempDir();
    const { repoPath } = await cacheWithDamage(cache);
    const progress: VerifyProgress[] = [];
    const report = await verifyCache(await scanCacheDir(cache), { onProgress: (p) => progress.push(p) });
    assert.equal(report.checkedBlobs, 3);
    assert.equal(report.checkedBytes, 3000 + 7 + 4);
    assert.deepEqual(
      report.corrupt.map((c) => [c.algorithm, c.expected, c.snapshotFiles.length, c.repaired]),
      [
        ['git-sha1', etagOf(config), 1, false],
        ['sha256', etagOf(weights), 2, false],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
    assert.equal(report.missing.length, 1);
    assert.equal(report.missing[0]?.filePath, join(repoPath, 'snapshots', c2, 'sub', 'tokenizer.json'));
    assert.deepEqual(progress.at(-1), { filesDone: 3, filesTotal: 3, bytesDone: 3011, bytesTotal: 3011 });
    assert.ok(existsSync(join(repoPath, 'blobs', etagOf(weights))), 'reporting changes nothing');
  });

  it('repairs by deleting bad blobs and the snapshot entries showing them, so a download fetches them again', async () => {
    const cache = tempDir();
    const { repoPath } = await cacheWithDamage(cache);
    const report = await verifyCache(await scanCacheDir(cache), { repair: true });
    assert.ok(report.corrupt.every((c) => c.repaired) && report.missing.every((m) => m.repaired));
    assert.ok(!existsSync(join(repoPath, 'blobs', etagOf(weights))));
    assert.equal(await tryLoadFromCache(cache, 'acme/m', 'model.safetensors'), undefined);
    assert.equal(await tryLoadFromCache(cache, 'acme/m', 'sub/tokenizer.json'), undefined);
    assert.equal(await tryLoadFromCache(cache, 'acme/m', 'README.md'), join(repoPath, 'snapshots', c2, 'README.md'));

    const after = await scanCacheDir(cache);
    assert.deepEqual(after.warnings, []);
    const again = await verifyCache(after);
    assert.deepEqual([again.corrupt, again.missing], [[], []]);
    assert.equal(again.checkedBlobs, 1);
  });

  it('stops when aborted', async () => {
    const cache = tempDir();
    await cacheWithDamage(cache);
    await assert.rejects(verifyCache(await scanCacheDir(cache), { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });
});
