import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { downloadFileToCacheDir, scanCacheDir, snapshotDownload as jsSnapshotDownload } from '@huggingface/hub';
import { lastInFirstOut, randomContent, seededBehindProxy, tempFolder, testEngine } from '../helpers/download-fixtures.js';
import type { Cleanup } from '../helpers/start-server.js';

const weights = randomContent(3 * 1024 * 1024);
const files = { 'config.json': '{"a": 1}\n', 'model.safetensors': weights, 'sub/nested.txt': 'nested' };

const seeded = (t: Cleanup) => seededBehindProxy(t, { files, lfs: ['model.safetensors'] });

const resolveGets = (requests: readonly string[]) => requests.filter((r) => r.startsWith('GET') && r.includes('/resolve/')).length;

describe('cache interop with @huggingface/hub', () => {
  it('our snapshot is read by scanCacheDir and found by downloadFileToCacheDir without refetching', async (context) => {
    const t = lastInFirstOut(context);
    const { server, proxy, head } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: proxy.url });
    const ours = await engine.snapshotDownload('alice/m1');

    const scan = await scanCacheDir(cacheDir);
    assert.deepEqual(scan.warnings, []);
    assert.equal(scan.repos.length, 1);
    const repo = scan.repos[0];
    assert.equal(repo?.id.name, 'alice/m1');
    assert.equal(repo?.id.type, 'model');
    assert.equal(repo?.revisions[0]?.commitOid, head);
    assert.deepEqual(repo?.revisions[0]?.refs, ['main']);
    const top = repo?.revisions[0]?.files.map((file) => file.path.slice(ours.path.length + 1)).sort();
    assert.deepEqual(top, ['.gitattributes', 'config.json', 'model.safetensors'], 'JS lists top-level snapshot files');

    const gets = resolveGets(proxy.requests);
    const byCommit = await downloadFileToCacheDir({ repo: 'alice/m1', path: 'model.safetensors', revision: head, cacheDir, hubUrl: proxy.url });
    assert.equal(byCommit, join(ours.path, 'model.safetensors'));
    const byBranch = await downloadFileToCacheDir({ repo: 'alice/m1', path: 'model.safetensors', cacheDir, hubUrl: proxy.url, accessToken: server.token });
    assert.ok((await readFile(byBranch)).equals(weights));
    assert.equal(resolveGets(proxy.requests), gets, 'the JS client fetched no file bytes');
  });

  it('a snapshot written by @huggingface/hub is used by our engine, online and offline, without refetching', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, head } = await seeded(t);
    const cacheDir = await tempFolder(t, 'hubkeeper-js-cache-');
    const theirs = await jsSnapshotDownload({ repo: 'alice/m1', cacheDir, hubUrl: proxy.url });
    assert.equal(theirs, join(cacheDir, 'models--alice--m1', 'snapshots', head));

    const { engine } = await testEngine(t, { endpoint: proxy.url, cacheDir });
    const gets = resolveGets(proxy.requests);
    const online = await engine.snapshotDownload('alice/m1');
    assert.equal(online.path, theirs);
    assert.equal(online.downloadedBytes, 0);
    assert.equal(await engine.downloadFile('alice/m1', 'model.safetensors'), join(theirs, 'model.safetensors'));
    assert.equal(resolveGets(proxy.requests), gets, 'our engine fetched no file bytes');

    const offline = await testEngine(t, { endpoint: 'http://127.0.0.1:9', cacheDir, offline: true });
    assert.ok((await readFile(await offline.engine.downloadFile('alice/m1', 'model.safetensors'))).equals(weights));
    assert.equal((await offline.engine.snapshotDownload('alice/m1')).path, theirs);
  });
});
