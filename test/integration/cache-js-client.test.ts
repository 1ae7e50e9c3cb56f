import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downloadFileToCacheDir } from '@huggingface/hub';
import { scanCacheDir, verifyCache } from '../../src/main/cache/index.js';
import { tryLoadFromCache } from '../../src/main/download/index.js';
import { commitFiles, patternBytes, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('a cache written by @huggingface/hub downloadFileToCacheDir from a HubKeeper server', () => {
  it('scans without warnings, verifies clean and answers offline lookups by snapshot commit', async (t) => {
    const server = await startServer(t);
    const { repo, head: first } = await seedRepo(server.core.store, {
      files: { 'config.json': '{"v":1}', 'model.safetensors': patternBytes(300_000), 'sub/dir/notes.txt': 'notes' },
      lfs: ['model.safetensors'],
    });
    const second = await commitFiles(server.core.store, repo.id, { 'config.json': '{"v":2}' }, { title: 'bump config' });
    const cache = tempDir();
    const hub = { hubUrl: server.url, accessToken: server.token, repo: 'alice/m1', cacheDir: cache };
    const paths = ['model.safetensors', 'config.json', 'sub/dir/notes.txt'];
    for (const path of paths) await downloadFileToCacheDir({ ...hub, path });

    const scan = await scanCacheDir(cache);
    assert.deepEqual(scan.warnings, []);
    const cached = scan.repos[0];
    assert.equal(cached?.repoId, 'alice/m1');
    // The JS client names each snapshot after the last commit touching the file, and writes no refs.
    const byCommit = new Map(cached?.revisions.map((r) => [r.commitHash, r.files.map((f) => f.name)]));
    assert.deepEqual(byCommit.get(first)?.sort(), ['model.safetensors', 'sub/dir/notes.txt']);
    assert.deepEqual(byCommit.get(second), ['config.json']);
    assert.ok(cached?.revisions.every((r) => r.refs.length === 0));
    assert.equal(cached?.sizeOnDisk, 300_000 + 7 + 5);

    const report = await verifyCache(scan);
    assert.equal(report.checkedBlobs, 3, 'blob names are the sha256 / git SHA-1 our hub sent as ETags');
    assert.deepEqual([report.corrupt, report.missing], [[], []]);

    assert.match(String(await tryLoadFromCache(cache, 'alice/m1', 'config.json', { revision: second })), /config\.json$/);
    assert.equal(await tryLoadFromCache(cache, 'alice/m1', 'config.json'), undefined, 'no refs/main: a branch cannot be resolved offline');
  });
});
