import assert from 'node:assert/strict';
import { readFile, readlink, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/shared/errors.js';
import { blobNames, gitBlobOid, lastInFirstOut, randomContent, seededBehindProxy, sha256Hex, tempFolder, testEngine } from '../helpers/download-fixtures.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const weights = randomContent(2 * 1024 * 1024);
const files: Record<string, string | Buffer> = {
  'config.json': '{"a": 1}\n',
  'tokenizer.json': '{"vocab": {}}\n',
  'README.md': '# m1\n',
  'onnx/model.onnx': 'onnx',
  'onnx/extra/ignore-me.txt': 'x',
  'sub/deep/w.safetensors': weights,
};

const seeded = (t: Cleanup) => seededBehindProxy(t, { files, lfs: ['sub/deep/w.safetensors'] });

const resolveGets = (requests: readonly string[]) => requests.filter((r) => r.startsWith('GET') && r.includes('/resolve/'));

describe('snapshotDownload', () => {
  it('selects files with allow and ignore patterns as hf download does, one GET per file and no HEAD', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, head } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: proxy.url });
    const result = await engine.snapshotDownload('alice/m1', { allowPatterns: ['*.json', 'onnx/', '*.safetensors'], ignorePatterns: ['*ignore*', 'tokenizer*'] });
    const snapshot = join(cacheDir, 'models--alice--m1', 'snapshots', head);
    assert.equal(result.path, snapshot);
    assert.equal(result.commit, head);
    assert.deepEqual([...result.files].sort(), ['config.json', 'onnx/model.onnx', 'sub/deep/w.safetensors']);
    assert.equal(await readlink(join(snapshot, 'config.json')), `../../blobs/${gitBlobOid(Buffer.from(files['config.json'] as string))}`);
    assert.equal(await readlink(join(snapshot, 'onnx', 'model.onnx')), `../../../blobs/${sha256Hex(Buffer.from('onnx'))}`, '*.onnx is LFS by the default .gitattributes');
    assert.equal(await readlink(join(snapshot, 'sub', 'deep', 'w.safetensors')), `../../../../blobs/${sha256Hex(weights)}`);
    assert.ok((await readFile(join(snapshot, 'sub', 'deep', 'w.safetensors'))).equals(weights));
    assert.equal(await readFile(join(cacheDir, 'models--alice--m1', 'refs', 'main'), 'utf8'), head);
    assert.equal(resolveGets(proxy.requests).length, 3);
    assert.equal(proxy.requests.filter((r) => r.startsWith('HEAD')).length, 0);
    assert.equal(proxy.requests.filter((r) => r.includes('/tree/')).length, 1, 'the tree is listed once');
    assert.equal(result.downloadedBytes, weights.length + 'onnx'.length + files['config.json']!.length);
  });

  it('fetches nothing again for a snapshot that is complete, and only the new file after a commit', async (context) => {
    const t = lastInFirstOut(context);
    const { server, proxy, repo } = await seeded(t);
    const { engine } = await testEngine(t, { endpoint: proxy.url });
    await engine.snapshotDownload('alice/m1');
    const before = resolveGets(proxy.requests).length;
    const again = await engine.snapshotDownload('alice/m1');
    assert.equal(resolveGets(proxy.requests).length, before);
    assert.equal(again.downloadedBytes, 0);
    const head2 = await commitFiles(server.core.store, repo.id, { 'new.txt': 'new' });
    const next = await engine.snapshotDownload('alice/m1');
    assert.equal(next.commit, head2);
    assert.equal(resolveGets(proxy.requests).length, before + 1, 'blobs already cached are linked, not fetched');
    assert.equal(next.downloadedBytes, 3);
  });

  it('downloads at a tag, a branch and a commit', async (context) => {
    const t = lastInFirstOut(context);
    const { server, proxy, repo, head } = await seeded(t);
    server.core.store.createTag(repo.id, 'v1', head);
    server.core.store.createBranch(repo.id, 'dev', head);
    await commitFiles(server.core.store, repo.id, { 'config.json': '{"a": 2}\n' });
    const { engine, cacheDir } = await testEngine(t, { endpoint: proxy.url });
    for (const revision of ['v1', 'dev', head]) {
      const result = await engine.snapshotDownload('alice/m1', { revision, allowPatterns: ['config.json'] });
      assert.equal(result.commit, head, revision);
      assert.equal(await readFile(join(result.path, 'config.json'), 'utf8'), '{"a": 1}\n');
    }
    assert.deepEqual((await readdir(join(cacheDir, 'models--alice--m1', 'refs'))).sort(), ['dev', 'v1']);
  });

  it('follows every page of a large tree listing', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    const many: Record<string, string> = {};
    for (let i = 0; i < 1100; i++) many[`shard-${i % 7}/f-${i}.json`] = `{"i": ${i}}`;
    await seedRepo(server.core.store, { files: many });
    const { engine } = await testEngine(t, { endpoint: server.url, maxWorkers: 16 });
    const result = await engine.snapshotDownload('alice/m1', { allowPatterns: ['shard-*'] });
    assert.equal(result.files.length, 1100);
    assert.equal(await readFile(join(result.path, 'shard-6', 'f-1000.json'), 'utf8'), '{"i": 1000}');
  });

  it('writes plain files and metadata into a local dir', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, head } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: proxy.url });
    const localDir = await tempFolder(t);
    const result = await engine.snapshotDownload('alice/m1', { localDir, ignorePatterns: ['onnx/'] });
    assert.equal(result.path, localDir);
    assert.ok((await readFile(join(localDir, 'sub', 'deep', 'w.safetensors'))).equals(weights));
    const metadata = await readFile(join(localDir, '.cache', 'huggingface', 'download', 'config.json.metadata'), 'utf8');
    assert.equal(metadata.split('\n')[0], head);
    assert.deepEqual(await blobNames(cacheDir), [], 'the cache is not used for a local dir');
    const served = proxy.bytesServed();
    await engine.snapshotDownload('alice/m1', { localDir, ignorePatterns: ['onnx/'] });
    assert.equal(proxy.bytesServed(), served, 'up-to-date files are kept');
  });
});

describe('snapshotDownload of many small files (pipelined requests)', () => {
  const smallFiles: Record<string, string> = {};
  for (let i = 0; i < 40; i++) smallFiles[`part-${i % 3}/f-${i}.json`] = `{"i": ${i}, "pad": "${'x'.repeat(i * 37)}"}`;
  smallFiles['onnx/small.onnx'] = 'a small LFS file';

  const seededSmall = (t: Cleanup) => seededBehindProxy(t, { files: smallFiles });

  async function assertWholeSnapshot(path: string): Promise<void> {
    for (const [name, content] of Object.entries(smallFiles)) assert.equal(await readFile(join(path, name), 'utf8'), content, name);
    assert.equal(await readlink(join(path, 'part-2', 'f-5.json')), `../../../blobs/${gitBlobOid(Buffer.from(smallFiles['part-2/f-5.json'] as string))}`);
    assert.equal(await readlink(join(path, 'onnx', 'small.onnx')), `../../../blobs/${sha256Hex(Buffer.from('a small LFS file'))}`);
  }

  it('fetches every file once, verified and linked', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy } = await seededSmall(t);
    const { engine } = await testEngine(t, { endpoint: proxy.url });
    const result = await engine.snapshotDownload('alice/m1');
    await assertWholeSnapshot(result.path);
    const gets = resolveGets(proxy.requests);
    assert.equal(result.files.length, 42, 'the 41 files and .gitattributes');
    assert.equal(new Set(gets).size, 42, 'every file requested');
    assert.equal(gets.length, 42, 'and only once');
    const gitattributes = (await readFile(join(result.path, '.gitattributes'))).length;
    assert.equal(result.downloadedBytes, gitattributes + Object.values(smallFiles).reduce((sum, content) => sum + Buffer.byteLength(content), 0));
  });

  it('fails on wrong bytes after fetching them again the usual way, and nothing lands in blobs/', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy } = await seededSmall(t);
    proxy.faults = { corruptOffset: 3 };
    const { engine, cacheDir } = await testEngine(t, { endpoint: proxy.url });
    await assert.rejects(engine.snapshotDownload('alice/m1'), (error: unknown) => {
      assert.ok(isAppError(error) && error.code === 'IntegrityError', String(error));
      assert.match(error.message, /failed verification twice/);
      return true;
    });
    assert.deepEqual(await blobNames(cacheDir), []);
    proxy.faults = {};
    await assertWholeSnapshot((await engine.snapshotDownload('alice/m1')).path);
  });

  it('completes through a server that closes the connection after every answer', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy } = await seededSmall(t);
    proxy.faults = { closeEachResponse: true };
    const { engine } = await testEngine(t, { endpoint: proxy.url });
    await assertWholeSnapshot((await engine.snapshotDownload('alice/m1')).path);
  });
});
