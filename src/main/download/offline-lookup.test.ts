import assert from 'node:assert/strict';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, writePythonCacheRevision } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { NO_EXIST, findCachedSnapshot, resolveCachedCommit, tryLoadFromCache } from './offline-lookup.js';

const c1 = fakeCommit('main');
const c2 = fakeCommit('pr');

async function cache(): Promise<{ dir: string; repoPath: string }> {
  const dir = tempDir();
  await writePythonCacheRevision(dir, { repoId: 'acme/m', commit: c1, refs: ['main'], files: [{ path: 'config.json', content: '{}' }, { path: 'sub/a.txt', content: 'a' }] });
  const { repoPath } = await writePythonCacheRevision(dir, { repoId: 'acme/m', commit: c2, refs: ['refs/pr/1'], files: [{ path: 'config.json', content: '{"pr":1}' }] });
  await mkdir(join(repoPath, '.no_exist', c1), { recursive: true });
  await writeFile(join(repoPath, '.no_exist', c1, 'optional.json'), '');
  return { dir, repoPath };
}

describe('tryLoadFromCache', () => {
  it('follows refs to snapshots, as try_to_load_from_cache does', async () => {
    const { dir, repoPath } = await cache();
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'config.json'), join(repoPath, 'snapshots', c1, 'config.json'));
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'sub/a.txt', { revision: 'main' }), join(repoPath, 'snapshots', c1, 'sub', 'a.txt'));
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'config.json', { revision: 'refs/pr/1' }), join(repoPath, 'snapshots', c2, 'config.json'));
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'config.json', { revision: c2 }), join(repoPath, 'snapshots', c2, 'config.json'));
  });

  it('answers NO_EXIST for a .no_exist marker and undefined when the cache does not know', async () => {
    const { dir, repoPath } = await cache();
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'optional.json'), NO_EXIST);
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'optional.json', { revision: c2 }), undefined);
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'missing.json'), undefined);
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'config.json', { revision: 'dev' }), undefined);
    assert.equal(await tryLoadFromCache(dir, 'acme/other', 'config.json'), undefined);
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'config.json', { repoType: 'dataset' }), undefined);
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'config.json', { revision: '../../x' }), undefined);
    // A link whose blob is gone is not a cached file.
    await unlink(join(repoPath, 'blobs', etagOf({ path: 'sub/a.txt', content: 'a' })));
    assert.equal(await tryLoadFromCache(dir, 'acme/m', 'sub/a.txt'), undefined);
  });

  it('reads a ref written with a trailing newline', async () => {
    const { dir, repoPath } = await cache();
    await writeFile(join(repoPath, 'refs', 'main'), `${c1}\n`);
    assert.equal(await resolveCachedCommit(dir, 'acme/m'), c1);
  });
});

describe('findCachedSnapshot', () => {
  it('finds the snapshot folder of a branch or commit, as snapshot_download offline does', async () => {
    const { dir, repoPath } = await cache();
    assert.deepEqual(await findCachedSnapshot(dir, 'acme/m'), { commit: c1, path: join(repoPath, 'snapshots', c1) });
    assert.deepEqual(await findCachedSnapshot(dir, 'acme/m', { revision: c2 }), { commit: c2, path: join(repoPath, 'snapshots', c2) });
    assert.equal(await findCachedSnapshot(dir, 'acme/m', { revision: fakeCommit('never') }), undefined);
    assert.equal(await findCachedSnapshot(dir, 'acme/m', { revision: 'v9' }), undefined);
  });
});
