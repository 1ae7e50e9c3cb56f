import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { executeDeletion, planDeletion, scanCacheDir } from '../../src/main/cache/index.js';
import { openPuller, parsePullSpec, type PullResult } from '../../src/main/sync/index.js';
import { gitBlobOid, lastInFirstOut, randomContent, sha256Hex, tempFolder } from '../helpers/download-fixtures.js';
import { runCliFromSource } from '../helpers/cli-process.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type StartServerOptions, type TestServer } from '../helpers/start-server.js';
import { appRequest, ownerSession } from '../helpers/ui-session.js';
import type { DiskUsage } from '../../src/shared/app-api.js';

const MiB = 1024 * 1024;
const python = pythonWithHfHub();

const WEIGHTS = randomContent(2 * MiB);
/** Text above the store's inline limit (256 KiB): a regular (non-LFS) file kept as a blob-store file, so shared too. */
const SHARD = Buffer.from(randomContent(150 * 1024).toString('hex'));
const FILES = { 'config.json': '{"model_type":"llama"}', 'weights/model.safetensors': WEIGHTS, 'weights/vocab.txt': SHARD };
const WEIGHTS_SHA = sha256Hex(WEIGHTS);
const SHARD_OID = gitBlobOid(SHARD);

/** A remote hub holding alice/m1, a proxy counting the bytes it serves, and the local hub (its HF cache per `local`). */
async function hubs(t: Cleanup, local: StartServerOptions = {}) {
  const remote = await startServer(t);
  await seedRepo(remote.core.store, { files: FILES, lfs: ['weights/model.safetensors'] });
  const proxy = await startFaultProxy(remote.url);
  t.after(() => proxy.close());
  const here = await startServer(t, { user: 'bob', ...local });
  return { remote, proxy, local: here };
}

/** Python's snapshot_download of alice/m1 into an HF cache (the local hub's by default), from the remote. */
async function pythonSnapshot(remote: TestServer, local: TestServer | string): Promise<void> {
  const cache = typeof local === 'string' ? local : local.core.config.hf.hubCache;
  await runPythonJsonAsync(python, 'from huggingface_hub import snapshot_download\nsnapshot_download("alice/m1")\nprint("null")', {
    HF_ENDPOINT: remote.url, HF_TOKEN: remote.token, HF_HUB_CACHE: cache, HF_HUB_DISABLE_XET: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1',
  });
}

async function pull(local: TestServer, endpoint: string, token: string): Promise<PullResult> {
  const opened = openPuller({ config: local.core.config, db: local.core.db, store: local.core.store });
  try {
    return await opened.puller.pull(parsePullSpec({ repo: 'alice/m1', endpoint }), { token });
  } finally {
    await opened.close();
  }
}

/** What the Disk screen shows, as the owner's browser gets it. */
async function diskUsage(server: TestServer): Promise<DiskUsage> {
  const response = await appRequest(server, await ownerSession(server), 'GET', '/disk');
  assert.equal(response.status, 200, response.text);
  return response.json() as DiskUsage;
}

function cacheBlob(server: TestServer, etag: string): string {
  return join(server.core.config.hf.hubCache, 'models--alice--m1', 'blobs', etag);
}

/** The blob-store file of content the hub holds (an LFS sha256 or a large regular file's git oid). */
function storeBlob(server: TestServer, hash: string, size: number): string {
  const path = server.core.store.contentFile(hash, size);
  assert.ok(path, `the hub's store holds ${hash}`);
  return path;
}

describe('one copy on disk: the hub store and the HF cache share bytes', () => {
  it('pulls a repo Python put in the HF cache with zero bytes fetched: one inode, two links, read-only', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, proxy, local } = await hubs(t);
    await pythonSnapshot(remote, local);
    const result = await pull(local, proxy.url, remote.token);
    assert.equal(proxy.bytesServed(), 0);
    assert.equal(result.bytesTransferred, 0);
    assert.equal(result.filesFromCache, 4, 'with .gitattributes');
    assert.equal(result.cacheShare, 'hardlink');
    assert.ok(!proxy.requests.some((line) => line.includes('/resolve/')), 'no file was downloaded');
    for (const [hash, size] of [[WEIGHTS_SHA, WEIGHTS.length], [SHARD_OID, SHARD.length]] as const) {
      const [inStore, inCache] = [statSync(storeBlob(local, hash, size)), statSync(cacheBlob(local, hash))];
      assert.equal(inStore.ino, inCache.ino, `${hash}: one inode`);
      assert.equal(inStore.nlink, 2);
      assert.equal(inStore.mode & 0o777, 0o444, 'read-only: neither side may write into the shared bytes');
    }
    const disk = await diskUsage(local);
    assert.deepEqual(disk.sharing, { method: 'hardlink', sharedFiles: 2, sharedBytes: WEIGHTS.length + SHARD.length });
    const sizeOf = (source: string): number => disk.repos.filter((repo) => repo.source === source).reduce((sum, repo) => sum + repo.sizeOnDisk, 0);
    assert.equal(disk.totalBytes, sizeOf('cache') + sizeOf('hub') - WEIGHTS.length - SHARD.length, 'shared bytes are counted once');

    // Deleting the cache's revision leaves the hub's bytes whole, and the hub serves them.
    const scan = await scanCacheDir(local.core.config.hf.hubCache);
    const repoPath = scan.repos[0]?.repoPath ?? '';
    await executeDeletion(await planDeletion(scan, [{ repoPath, commitHash: scan.repos[0]?.revisions[0]?.commitHash ?? '' }]));
    assert.throws(() => statSync(cacheBlob(local, WEIGHTS_SHA)), /ENOENT/);
    assert.equal(statSync(storeBlob(local, WEIGHTS_SHA, WEIGHTS.length)).nlink, 1);
    const served = await fetch(`${local.url}/alice/m1/resolve/main/weights/model.safetensors`, { headers: { authorization: `Bearer ${local.token}` } });
    assert.equal(served.status, 200);
    assert.equal(sha256Hex(Buffer.from(await served.arrayBuffer())), WEIGHTS_SHA);
  });

  it("garbage collection of the hub's store leaves the HF cache's files whole", async (context) => {
    const t = lastInFirstOut(context);
    const { remote, proxy, local } = await hubs(t);
    await pythonSnapshot(remote, local);
    await pull(local, proxy.url, remote.token);
    const stored = storeBlob(local, WEIGHTS_SHA, WEIGHTS.length);
    local.core.store.deleteRepo(local.core.store.getRepo('model', 'alice', 'm1').id);
    await local.core.store.collectGarbage(0);
    assert.throws(() => statSync(stored), /ENOENT/, 'the store dropped its link');
    const cached = cacheBlob(local, WEIGHTS_SHA);
    assert.equal(statSync(cached).nlink, 1);
    assert.equal(sha256Hex(await readFile(cached)), WEIGHTS_SHA);
    const found = await runPythonJsonAsync(
      python,
      'import json\nfrom huggingface_hub import hf_hub_download\nprint(json.dumps(hf_hub_download("alice/m1", "weights/model.safetensors", local_files_only=True)))',
      { HF_HUB_CACHE: local.core.config.hf.hubCache, HF_HUB_OFFLINE: '1' },
    );
    assert.equal(sha256Hex(await readFile(found as string)), WEIGHTS_SHA, 'Python still reads the file from its cache');
  });

  it('copies when the HF cache is on another file system (EXDEV), and says so', async (context) => {
    const t = lastInFirstOut(context);
    const shm = await mkdtemp('/dev/shm/hubkeeper-cache-');
    t.after(() => rm(shm, { recursive: true, force: true }));
    const { remote, proxy, local } = await hubs(t, { overrides: { hubCache: shm } });
    assert.notEqual(statSync(shm).dev, statSync(local.dataDir).dev, '/dev/shm must be another file system than the data dir');
    await pythonSnapshot(remote, local);
    const result = await pull(local, proxy.url, remote.token);
    assert.equal(result.bytesTransferred, 0);
    assert.equal(result.cacheShare, 'copy');
    const [inStore, inCache] = [statSync(storeBlob(local, WEIGHTS_SHA, WEIGHTS.length)), statSync(cacheBlob(local, WEIGHTS_SHA))];
    assert.notEqual(inStore.ino, inCache.ino);
    assert.equal(inStore.nlink, 1);
    assert.equal(sha256Hex(await readFile(storeBlob(local, WEIGHTS_SHA, WEIGHTS.length))), WEIGHTS_SHA);
    assert.deepEqual((await diskUsage(local)).sharing, { method: 'copy', sharedFiles: 0, sharedBytes: 0 }, 'the Disk screen says the cache holds copies');
  });

  it('a pulled mirror later downloaded into the HF cache from its remote links the mirror\'s bytes instead of fetching them', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, proxy, local } = await hubs(t);
    const pulled = await pull(local, proxy.url, remote.token);
    assert.equal(pulled.bytesTransferred > WEIGHTS.length, true);
    const served = proxy.bytesServed();
    const result = await local.core.downloads.snapshotDownload('alice/m1', { endpoint: proxy.url, token: remote.token });
    assert.ok(proxy.bytesServed() - served < 4096, `only small files came over again (${proxy.bytesServed() - served} bytes)`);
    assert.ok(result.downloadedBytes < 4096);
    const [inStore, inCache] = [statSync(storeBlob(local, WEIGHTS_SHA, WEIGHTS.length)), statSync(cacheBlob(local, WEIGHTS_SHA))];
    assert.equal(inCache.ino, inStore.ino);
    assert.equal(inCache.nlink, 2);
  });

  it('hubkeeper pull says the files from the HF cache are shared by read-only hard link', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    await seedRepo(remote.core.store, { files: FILES, lfs: ['weights/model.safetensors'] });
    const data = await tempFolder(t, 'hubkeeper-pull-');
    const cache = join(data, 'hf-cache');
    await pythonSnapshot(remote, cache);
    const run = await runCliFromSource(['pull', 'alice/m1', '--from', remote.url, '--token', remote.token, '--data', data], { HF_HUB_CACHE: cache });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /: 0 files \(0 B\) fetched, 4 reused \(4 from the HF cache, shared by read-only hard link\)\n/);
  });

  it('hubkeeper download --data DIR links what the hub of DIR holds into the HF cache', async (context) => {
    const t = lastInFirstOut(context);
    const hub = await startServer(t);
    await seedRepo(hub.core.store, { files: FILES, lfs: ['weights/model.safetensors'] });
    const proxy = await startFaultProxy(hub.url);
    t.after(() => proxy.close());
    const cache = await tempFolder(t, 'hubkeeper-cache-');
    const run = await runCliFromSource(['download', 'alice/m1', '--endpoint', proxy.url, '--token', hub.token, '--data', hub.dataDir, '--cache-dir', cache, '--quiet']);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!proxy.requests.some((line) => line.includes('model.safetensors')), 'the LFS file was linked, not fetched');
    const inCache = statSync(join(cache, 'models--alice--m1', 'blobs', WEIGHTS_SHA));
    assert.equal(inCache.ino, statSync(storeBlob(hub, WEIGHTS_SHA, WEIGHTS.length)).ino);
    assert.equal(inCache.nlink, 2);
  });

  it("downloads a local hub repo into the HF cache by linking the store's blobs, not over HTTP; Python's re-download leaves the store's bytes alone", async (context) => {
    const t = lastInFirstOut(context);
    const hub = await startServer(t);
    await seedRepo(hub.core.store, { files: FILES, lfs: ['weights/model.safetensors'] });
    const proxy = await startFaultProxy(hub.url);
    t.after(() => proxy.close());
    const result = await hub.core.downloads.snapshotDownload('alice/m1', { endpoint: proxy.url, token: hub.token });
    // Small files live in SQLite, not in files to link: only they (config.json, .gitattributes) come over HTTP.
    assert.ok(result.downloadedBytes < 4096, `${result.downloadedBytes} bytes downloaded`);
    const resolved = proxy.requests.filter((line) => line.includes('/resolve/'));
    assert.ok(!resolved.some((line) => line.includes('model.safetensors') || line.includes('vocab.txt')), `large files were linked, not fetched: ${resolved.join(', ')}`);
    for (const [hash, size] of [[WEIGHTS_SHA, WEIGHTS.length], [SHARD_OID, SHARD.length]] as const) {
      const [inStore, inCache] = [statSync(storeBlob(hub, hash, size)), statSync(cacheBlob(hub, hash))];
      assert.equal(inCache.ino, inStore.ino);
      assert.equal(inCache.nlink, 2);
      assert.equal(inCache.mode & 0o777, 0o444);
    }
    const snapshot = await readFile(join(result.path, 'weights', 'model.safetensors'));
    assert.equal(sha256Hex(snapshot), WEIGHTS_SHA);
    const found = await runPythonJsonAsync(
      python,
      'import json\nfrom huggingface_hub import scan_cache_dir\nr = scan_cache_dir()\nprint(json.dumps([len(r.warnings), [f.file_name for x in r.repos for v in x.revisions for f in v.files]]))',
      { HF_HUB_CACHE: hub.core.config.hf.hubCache },
    );
    const [warnings, names] = found as [number, string[]];
    assert.equal(warnings, 0, 'Python sees a clean cache');
    assert.deepEqual(names.sort(), ['.gitattributes', 'config.json', 'model.safetensors', 'vocab.txt']);

    // Python never writes into a cache blob: a forced re-download replaces it by rename, leaving the store's bytes alone.
    await runPythonJsonAsync(
      python,
      'from huggingface_hub import hf_hub_download\nhf_hub_download("alice/m1", "weights/model.safetensors", force_download=True)\nprint("null")',
      { HF_ENDPOINT: hub.url, HF_TOKEN: hub.token, HF_HUB_CACHE: hub.core.config.hf.hubCache, HF_HUB_DISABLE_XET: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1' },
    );
    const [inStore, inCache] = [statSync(storeBlob(hub, WEIGHTS_SHA, WEIGHTS.length)), statSync(cacheBlob(hub, WEIGHTS_SHA))];
    assert.notEqual(inCache.ino, inStore.ino, "Python's new file took the name");
    assert.equal(inStore.nlink, 1);
    assert.equal(sha256Hex(await readFile(storeBlob(hub, WEIGHTS_SHA, WEIGHTS.length))), WEIGHTS_SHA);
  });
});
