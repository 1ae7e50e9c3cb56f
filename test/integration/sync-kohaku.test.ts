import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openPuller, parsePullSpec, type PullResult } from '../../src/main/sync/index.js';
import { lastInFirstOut, randomContent, sha256Hex } from '../helpers/download-fixtures.js';
import { startKohakuReplay, type ReplayFiles } from '../helpers/kohaku-replay.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { startServer, testToken, type TestServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;
const python = pythonWithHfHub();
/** Large enough to go as parallel ranged chunks, each through the redirect to the "S3". */
const WEIGHTS = randomContent(12 * MiB);
const FILES: ReplayFiles = {
  'config.json': { content: '{"model_type": "llama"}\n' },
  'model.safetensors': { content: WEIGHTS, lfs: true },
  'tokenizer/vocab.txt': { content: 'a\nb\nc\n' },
};

async function pull(local: TestServer, endpoint: string, token: string | undefined): Promise<PullResult & { recordedRemoteCommit: string | undefined }> {
  const opened = openPuller({ config: local.core.config, db: local.core.db, store: local.core.store });
  try {
    const result = await opened.puller.pull(parsePullSpec({ repo: 'kohaku/mini', endpoint }), token === undefined ? {} : { token });
    const repo = local.core.store.getRepo('model', 'kohaku', 'mini');
    return { ...result, recordedRemoteCommit: opened.puller.lastPull(repo.id)?.remote_commit };
  } finally {
    await opened.close();
  }
}

/** A file of the local hub, as a client downloads it. */
async function localFile(local: TestServer, path: string): Promise<Buffer> {
  const response = await fetch(`${local.url}/kohaku/mini/resolve/main/${path}`, { headers: { authorization: `Bearer ${local.token}` } });
  assert.equal(response.status, 200, path);
  return Buffer.from(await response.arrayBuffer());
}

describe('pull from KohakuHub (a replay of its documented shapes, with an "S3" on another port)', () => {
  // Its current source names a regular file by its git blob SHA-1; the replay's default, by its sha256: both must work.
  for (const regularFileOid of ['git-sha1', 'sha256'] as const) {
    it(`records its 64-hex commit ids, verifies every file fetched through presigned S3 URLs, never sends the token to S3 (regular files named by ${regularFileOid})`, async (context) => {
      const t = lastInFirstOut(context);
      const token = testToken();
      const replay = await startKohakuReplay(t, { token, regularFileOid, repos: [{ type: 'model', id: 'kohaku/mini', files: FILES }] });
      const local = await startServer(t, { user: 'bob' });

      const first = await pull(local, replay.url, token);
      const head = replay.head('model', 'kohaku/mini');
      assert.match(head, /^[0-9a-f]{64}$/);
      assert.equal(first.remoteCommit, head);
      assert.equal(first.filesTransferred, 3);
      assert.equal(first.bytesTransferred, WEIGHTS.length + 24 + 6);
      assert.equal(first.treeMatchesRemote, false, 'KohakuHub lists no git tree oids to compare');
      assert.equal(first.recordedRemoteCommit, head, 'the 64-hex remote commit is recorded beside the local one');
      assert.equal(sha256Hex(await localFile(local, 'model.safetensors')), sha256Hex(WEIGHTS));
      assert.equal((await localFile(local, 'tokenizer/vocab.txt')).toString(), 'a\nb\nc\n');

      assert.ok(replay.s3.requests.some((line) => line.startsWith('GET /hub-storage/')), 'the bytes came from the storage host');
      assert.deepEqual(replay.s3.leaks, [], 'no Authorization header reached the storage host');
      assert.ok(replay.requests.some((line) => line.startsWith('GET /models/kohaku/mini/resolve/') || line.startsWith('GET /kohaku/mini/resolve/')));

      // Upstream changes one file: only its bytes move.
      const next = replay.commit('model', 'kohaku/mini', { ...FILES, 'config.json': { content: '{"model_type": "mistral"}\n' } });
      const second = await pull(local, replay.url, token);
      assert.equal(second.remoteCommit, next);
      assert.equal(second.filesTransferred, 1);
      assert.equal(second.bytesTransferred, 26);
      assert.equal((await localFile(local, 'config.json')).toString(), '{"model_type": "mistral"}\n');
      assert.deepEqual(replay.s3.leaks, []);
    });
  }

  it('pulls a repo Python downloaded from KohakuHub (unquoted ETags, S3 redirect) with zero bytes fetched, sharing the cache\'s blob', async (context) => {
    const t = lastInFirstOut(context);
    const token = testToken();
    const replay = await startKohakuReplay(t, { token, regularFileOid: 'git-sha1', repos: [{ type: 'model', id: 'kohaku/mini', files: FILES }] });
    const local = await startServer(t, { user: 'bob' });
    await runPythonJsonAsync(python, 'from huggingface_hub import snapshot_download\nsnapshot_download("kohaku/mini")\nprint("null")', {
      HF_ENDPOINT: replay.url, HF_TOKEN: token, HF_HUB_CACHE: local.core.config.hf.hubCache, HF_HUB_DISABLE_XET: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1',
    });
    assert.deepEqual(replay.s3.leaks, [], 'Python drops the token on the redirect to S3 too');
    const downloads = replay.s3.requests.length;
    const result = await pull(local, replay.url, token);
    assert.equal(result.bytesTransferred, 0);
    assert.equal(result.filesFromCache, 3);
    assert.equal(result.cacheShare, 'hardlink');
    assert.equal(replay.s3.requests.length, downloads, 'nothing was fetched from S3');
    const cached = statSync(join(local.core.config.hf.hubCache, 'models--kohaku--mini', 'blobs', sha256Hex(WEIGHTS)));
    assert.equal(cached.nlink, 2, 'the store holds the cache blob by link');
  });

  it('refuses bytes that do not match the hash KohakuHub gave, and commits nothing', async (context) => {
    const t = lastInFirstOut(context);
    const replay = await startKohakuReplay(t, { repos: [{ type: 'model', id: 'kohaku/mini', files: FILES }] });
    replay.tamper('model.safetensors');
    const local = await startServer(t, { user: 'bob' });
    await assert.rejects(pull(local, replay.url, undefined), (error: unknown) => error instanceof Error && /sha256|hash|integrity/i.test(error.message));
    assert.equal(local.core.store.findRepo('model', 'kohaku', 'mini'), undefined, 'no repo, no commit');
  });
});
