import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openPuller, parsePullSpec, type PullResult } from '../../src/main/sync/index.js';
import { blobNames, lastInFirstOut, randomContent, sha256Hex, testEngine } from '../helpers/download-fixtures.js';
import { startHfReplay } from '../helpers/hf-replay.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;
/** Large enough to go as parallel ranged chunks, each through the redirect to the CDN. */
const WEIGHTS = randomContent(12 * MiB);
const FILES = { 'config.json': '{"model_type":"llama"}', 'weights/model.safetensors': WEIGHTS, 'tokenizer/vocab.txt': 'a\nb\nc\n' };

async function pull(local: TestServer, endpoint: string, token: string): Promise<PullResult> {
  const opened = openPuller({ config: local.core.config, db: local.core.db, store: local.core.store });
  try {
    return await opened.puller.pull(parsePullSpec({ repo: 'alice/m1', endpoint }), { token });
  } finally {
    await opened.close();
  }
}

describe('pull from huggingface.co (a replay: LFS files redirect to its CDN, Xet headers and all)', () => {
  it('follows the CDN redirect without the token, verifies the bytes, and the tree oids equal the remote\'s', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    const { head } = await seedRepo(remote.core.store, { files: FILES, lfs: ['weights/model.safetensors'], private: true });
    const replay = await startHfReplay(t, remote.url);
    const local = await startServer(t, { user: 'bob' });

    const listed = await fetch(`${replay.url}/api/models/alice/m1/tree/main?recursive=true`, { headers: { authorization: `Bearer ${remote.token}` } });
    assert.equal(listed.headers.get('x-replay'), 'huggingface.co');
    const entries = (await listed.json()) as Array<{ path: string; xetHash?: string }>;
    assert.match(entries.find((entry) => entry.path === 'weights/model.safetensors')?.xetHash ?? '', /^[0-9a-f]{64}$/, 'listed as Xet-backed');

    const result = await pull(local, replay.url, remote.token);
    assert.equal(result.remoteCommit, head);
    assert.equal(result.treeMatchesRemote, true);
    const remoteFiles = [...remote.core.store.listTree(head, '', { recursive: true })].filter((entry) => entry.type === 'file');
    assert.equal(result.bytesTransferred, remoteFiles.reduce((sum, entry) => sum + entry.size, 0), 'every file fetched, once');
    assert.equal(result.filesTransferred, 4, 'with .gitattributes');
    assert.ok(replay.cdn.requests.filter((line) => line.startsWith('GET ')).length >= 1, 'the LFS bytes came from the CDN');
    assert.deepEqual(replay.cdn.leaks, [], 'no Authorization header reached the CDN');
    // The pulled repo is private, as the remote's is: its stored bytes are read straight from the store.
    const stored = local.core.store.contentFile(sha256Hex(WEIGHTS), WEIGHTS.length);
    assert.ok(stored !== undefined);
    assert.equal(sha256Hex(await readFile(stored)), sha256Hex(WEIGHTS));
    assert.equal(local.core.store.getRepo('model', 'alice', 'm1').private, true);
  });

  it('the download engine takes the etag from the redirect, not the Xet hash, and fetches from the CDN without the token', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    await seedRepo(remote.core.store, { files: FILES, lfs: ['weights/model.safetensors'], private: true });
    const replay = await startHfReplay(t, remote.url);
    const { engine, cacheDir } = await testEngine(t, { endpoint: replay.url });
    const result = await engine.snapshotDownload('alice/m1', { token: remote.token });
    const weights = await readFile(join(result.path, 'weights', 'model.safetensors'));
    assert.equal(sha256Hex(weights), sha256Hex(WEIGHTS));
    assert.ok((await blobNames(cacheDir)).includes(sha256Hex(WEIGHTS)), 'the cache names the blob by its sha256 (X-Linked-Etag)');
    assert.ok(replay.cdn.requests.some((line) => line.startsWith('GET ')));
    assert.deepEqual(replay.cdn.leaks, []);
  });
});
