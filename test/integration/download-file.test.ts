import assert from 'node:assert/strict';
import { lstat, readFile, readlink, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NO_EXIST } from '../../src/main/download/index.js';
import { isAppError } from '../../src/shared/errors.js';
import { blobNames, gitBlobOid, lastInFirstOut, randomContent, sha256Hex, tempFolder, testEngine } from '../helpers/download-fixtures.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { commitFiles, seedRepo, seededServer } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const config = '{"hidden_size": 8}\n';
const weights = randomContent(3 * 1024 * 1024 + 17);

const seeded = (t: Cleanup) => seededServer(t, { files: { 'config.json': config, 'sub/w.bin': weights }, lfs: ['sub/w.bin'] });

const rejectsWith = (code: string) => (error: unknown) => isAppError(error) && error.code === code;

describe('downloadFile', () => {
  it('puts a regular file and an LFS file in the HF cache layout, verified, with relative symlinks and refs', async (context) => {
    const t = lastInFirstOut(context);
    const { server, head } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url });
    const repoDir = join(cacheDir, 'models--alice--m1');

    const configPath = await engine.downloadFile('alice/m1', 'config.json');
    assert.equal(configPath, join(repoDir, 'snapshots', head, 'config.json'));
    assert.equal(await readlink(configPath), `../../blobs/${gitBlobOid(Buffer.from(config))}`);
    assert.equal(await readFile(configPath, 'utf8'), config);

    const weightsPath = await engine.downloadFile('alice/m1', 'sub/w.bin');
    assert.equal(await readlink(weightsPath), `../../../blobs/${sha256Hex(weights)}`);
    assert.ok((await readFile(weightsPath)).equals(weights));

    assert.equal(await readFile(join(repoDir, 'refs', 'main'), 'utf8'), head, 'refs/main holds the bare commit, no newline');
    assert.deepEqual(await blobNames(cacheDir), [gitBlobOid(Buffer.from(config)), sha256Hex(weights)].sort());
    assert.match(await readFile(join(cacheDir, 'CACHEDIR.TAG'), 'utf8'), /^Signature: 8a477f597d28d172789f06886806bc55/);
  });

  it('resolves branches, tags and commits; a cached commit costs no request', async (context) => {
    const t = lastInFirstOut(context);
    const { server, repo, head } = await seeded(t);
    const store = server.core.store;
    store.createTag(repo.id, 'v1', head);
    store.createBranch(repo.id, 'dev', head);
    const head2 = await commitFiles(store, repo.id, { 'config.json': '{"hidden_size": 16}\n' });
    const proxy = await startFaultProxy(server.url);
    t.after(() => proxy.close());
    const { engine, cacheDir } = await testEngine(t, { endpoint: proxy.url });
    const repoDir = join(cacheDir, 'models--alice--m1');

    const atTag = await engine.downloadFile('alice/m1', 'config.json', { revision: 'v1' });
    assert.equal(atTag, join(repoDir, 'snapshots', head, 'config.json'));
    assert.equal(await readFile(atTag, 'utf8'), config);
    assert.equal(await readFile(join(repoDir, 'refs', 'v1'), 'utf8'), head);

    const atBranch = await engine.downloadFile('alice/m1', 'config.json', { revision: 'dev' });
    assert.equal(atBranch, atTag);
    assert.equal(await readFile(join(repoDir, 'refs', 'dev'), 'utf8'), head);

    const atMain = await engine.downloadFile('alice/m1', 'config.json');
    assert.equal(await readFile(atMain, 'utf8'), '{"hidden_size": 16}\n');
    assert.equal(await readFile(join(repoDir, 'refs', 'main'), 'utf8'), head2);

    const requests = proxy.requests.length;
    const atCommit = await engine.downloadFile('alice/m1', 'config.json', { revision: head2 });
    assert.equal(atCommit, atMain);
    assert.equal(proxy.requests.length, requests, 'no request for a commit that is cached');
    assert.deepEqual((await readdir(join(repoDir, 'refs'))).sort(), ['dev', 'main', 'v1'], 'no ref is written for a commit id');
  });

  it('follows the relative redirect of a renamed repo', async (context) => {
    const t = lastInFirstOut(context);
    const { server, repo, head } = await seeded(t);
    server.core.store.moveRepo(repo.id, 'alice', 'renamed');
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url });
    const path = await engine.downloadFile('alice/m1', 'sub/w.bin');
    assert.equal(path, join(cacheDir, 'models--alice--m1', 'snapshots', head, 'sub', 'w.bin'));
    assert.ok((await readFile(path)).equals(weights));
  });

  it('records a missing file in .no_exist, so it is known absent offline', async (context) => {
    const t = lastInFirstOut(context);
    const { server, head } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url });
    await assert.rejects(engine.downloadFile('alice/m1', 'optional.json'), rejectsWith('EntryNotFound'));
    const marker = join(cacheDir, 'models--alice--m1', '.no_exist', head, 'optional.json');
    assert.equal((await stat(marker)).size, 0);
    assert.equal(await readFile(join(cacheDir, 'models--alice--m1', 'refs', 'main'), 'utf8'), head);
    assert.equal(await engine.tryLoadFromCache('alice/m1', 'optional.json'), NO_EXIST);
    await assert.rejects(engine.downloadFile('alice/m1', 'optional.json', { offline: true }), rejectsWith('EntryNotFound'));
  });

  it('downloads from a private repo with the token, and reports RepoNotFound without it', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    await seedRepo(server.core.store, { name: 'p1', private: true, files: { 'config.json': config } });
    const anonymous = await testEngine(t, { endpoint: server.url });
    await assert.rejects(anonymous.engine.downloadFile('alice/p1', 'config.json'), rejectsWith('RepoNotFound'));
    assert.deepEqual(await blobNames(anonymous.cacheDir, 'models--alice--p1'), []);
    const withToken = await testEngine(t, { endpoint: server.url, tokens: () => server.token });
    assert.equal(await readFile(await withToken.engine.downloadFile('alice/p1', 'config.json'), 'utf8'), config);
  });

  it('answers from the cache in offline mode without any network call, and says what is missing', async (context) => {
    const t = lastInFirstOut(context);
    const { server, head } = await seeded(t);
    const online = await testEngine(t, { endpoint: server.url });
    const path = await online.engine.downloadFile('alice/m1', 'config.json');
    await online.engine.snapshotDownload('alice/m1', { allowPatterns: ['*.json'] });

    const offline = await testEngine(t, { endpoint: 'http://127.0.0.1:9', cacheDir: online.cacheDir, offline: true });
    assert.equal(await offline.engine.downloadFile('alice/m1', 'config.json'), path);
    const snapshot = await offline.engine.snapshotDownload('alice/m1');
    assert.equal(snapshot.commit, head);
    assert.equal(snapshot.fromCache, true);
    assert.deepEqual(snapshot.files, ['config.json']);
    await assert.rejects(offline.engine.downloadFile('alice/m1', 'sub/w.bin'), (error: unknown) => {
      return isAppError(error) && error.code === 'LocalEntryNotFound' && /offline/i.test(error.message);
    });
  });

  it('falls back to the cached file when the hub cannot be reached', async (context) => {
    const t = lastInFirstOut(context);
    const { server } = await seeded(t);
    const online = await testEngine(t, { endpoint: server.url });
    const path = await online.engine.downloadFile('alice/m1', 'config.json');
    const unreachable = await testEngine(t, { endpoint: 'http://127.0.0.1:9', cacheDir: online.cacheDir, client: { retry: { retries: 0 } } });
    assert.equal(await unreachable.engine.downloadFile('alice/m1', 'config.json'), path);
    await assert.rejects(unreachable.engine.downloadFile('alice/m1', 'sub/w.bin'), rejectsWith('UpstreamUnavailable'));
  });

  it('puts real files in snapshots/ when symlinks are off', async (context) => {
    const t = lastInFirstOut(context);
    const { server } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url, symlinks: false });
    const path = await engine.downloadFile('alice/m1', 'sub/w.bin');
    const info = await lstat(path);
    assert.ok(info.isFile() && !info.isSymbolicLink(), 'a real file, not a symlink');
    assert.ok((await readFile(path)).equals(weights));
    assert.deepEqual(await blobNames(cacheDir), [sha256Hex(weights)]);
  });

  it('downloads into a local dir with Python-compatible metadata and skips an up-to-date file', async (context) => {
    const t = lastInFirstOut(context);
    const { server, head } = await seeded(t);
    const proxy = await startFaultProxy(server.url);
    t.after(() => proxy.close());
    const { engine } = await testEngine(t, { endpoint: proxy.url });
    const localDir = await tempFolder(t);
    const path = await engine.downloadFile('alice/m1', 'sub/w.bin', { localDir });
    assert.equal(path, join(localDir, 'sub', 'w.bin'));
    assert.ok((await readFile(path)).equals(weights));
    const [commit, etag, timestamp] = (await readFile(join(localDir, '.cache', 'huggingface', 'download', 'sub', 'w.bin.metadata'), 'utf8')).split('\n');
    assert.equal(commit, head);
    assert.equal(etag, sha256Hex(weights));
    assert.ok(Number(timestamp) > 1e9);
    const served = proxy.bytesServed();
    assert.equal(await engine.downloadFile('alice/m1', 'sub/w.bin', { localDir }), path);
    assert.equal(proxy.bytesServed(), served, 'an up-to-date file is not fetched again');
  });
});
