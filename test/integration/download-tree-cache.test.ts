import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanCacheDir as jsScanCacheDir } from '@huggingface/hub';
import { executeDeletion, executePrune, moveCache, planDeletion, planPrune, scanCacheDir, selectForEviction } from '../../src/main/cache/index.js';
import { gitBlobOid, lastInFirstOut, randomContent, sha256Hex, tempFolder, testEngine } from '../helpers/download-fixtures.js';
import { pythonWithHfHub, runPythonJson } from '../helpers/python-hf.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const python = pythonWithHfHub();
// Over 1 MiB, so it streams to disk and gets a lock file (small files are fetched whole and get none).
const weights = randomContent(2 * 1024 * 1024 + 300_000);
const files: Record<string, string | Buffer> = {
  'config.json': '{"a": 1}\n',
  'sub/tokenizer.json': '{"vocab": {}}\n',
  'model.safetensors': weights,
};

async function seeded(t: Cleanup) {
  const server = await startServer(t);
  const { head } = await seedRepo(server.core.store, { files, lfs: ['model.safetensors'] });
  // The initial commit's .gitattributes is part of every listing.
  const gitattributes = Buffer.from(await (await fetch(`${server.url}/alice/m1/resolve/main/.gitattributes`)).arrayBuffer());
  return { server, head, gitattributes };
}

const size = (path: string): number => Buffer.byteLength(files[path] as string);
const expectedListing = (gitattributes: Buffer) => ({
  format_version: 1,
  files: {
    '.gitattributes': { size: gitattributes.length, blob_id: gitBlobOid(gitattributes) },
    'config.json': { size: size('config.json'), blob_id: gitBlobOid(Buffer.from(files['config.json'] as string)) },
    'model.safetensors': { size: weights.length, blob_id: gitBlobOid(Buffer.from(lfsPointer(weights))), lfs_sha256: sha256Hex(weights), lfs_size: weights.length },
    'sub/tokenizer.json': { size: size('sub/tokenizer.json'), blob_id: gitBlobOid(Buffer.from(files['sub/tokenizer.json'] as string)) },
  },
});

function lfsPointer(data: Buffer): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256Hex(data)}\nsize ${data.length}\n`;
}

/** Python's offline snapshot_download on our cache: the folder it returns, or the error class it raises. */
function pythonOfflineSnapshot(cache: string, allowPatterns?: readonly string[]): { path?: string; error?: string; message?: string } {
  const code = `
import json
from huggingface_hub import snapshot_download
try:
    print(json.dumps({"path": snapshot_download("alice/m1", cache_dir=${JSON.stringify(cache)}, allow_patterns=${allowPatterns ? JSON.stringify(allowPatterns) : 'None'})}))
except Exception as e:
    print(json.dumps({"error": type(e).__name__, "message": str(e)}))
`;
  return runPythonJson(python, code, { HF_HUB_OFFLINE: '1' }) as { path?: string; error?: string; message?: string };
}

describe('trees/<commit>.json, the tree listing Python ≥ 1.22 keeps', () => {
  it('is written with the whole listing, even for a filtered snapshot, in the format Python reads', async (context) => {
    const t = lastInFirstOut(context);
    const { server, head, gitattributes } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url });
    await engine.snapshotDownload('alice/m1', { allowPatterns: ['config.json'] });
    const treeFile = join(cacheDir, 'models--alice--m1', 'trees', `${head}.json`);
    assert.deepEqual(JSON.parse(await readFile(treeFile, 'utf8')), expectedListing(gitattributes));
    assert.deepEqual((await readdir(join(cacheDir, 'models--alice--m1', 'trees'))).sort(), [`${head}.json`], 'no temp file left');

    const localDir = await tempFolder(t);
    await engine.snapshotDownload('alice/m1', { localDir });
    assert.deepEqual(JSON.parse(await readFile(join(localDir, '.cache', 'huggingface', 'trees', `${head}.json`), 'utf8')), expectedListing(gitattributes));
  });

  it('lets Python offline return our snapshot, and raise IncompleteSnapshotError once a file is gone', async (context) => {
    const t = lastInFirstOut(context);
    const { server, head } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url });
    const result = await engine.snapshotDownload('alice/m1');
    assert.deepEqual(pythonOfflineSnapshot(cacheDir), { path: result.path });

    await unlink(join(result.path, 'sub', 'tokenizer.json'));
    const incomplete = pythonOfflineSnapshot(cacheDir);
    assert.equal(incomplete.error, 'IncompleteSnapshotError', JSON.stringify(incomplete));
    assert.match(incomplete.message ?? '', new RegExp(`commit ${head}\\) is incomplete: 1 file\\(s\\) are missing \\(sub/tokenizer.json\\)`));
    assert.equal(pythonOfflineSnapshot(cacheDir, ['*.json']).error, 'IncompleteSnapshotError', '* also matches / in Python');
    assert.deepEqual(pythonOfflineSnapshot(cacheDir, ['config.json']), { path: result.path });
  });

  it('a filtered download reads as incomplete to Python for the files it left out', async (context) => {
    const t = lastInFirstOut(context);
    const { server } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url });
    const result = await engine.snapshotDownload('alice/m1', { allowPatterns: ['*.json'] });
    assert.deepEqual(pythonOfflineSnapshot(cacheDir, ['*.json']), { path: result.path });
    assert.equal(pythonOfflineSnapshot(cacheDir).error, 'IncompleteSnapshotError');
  });
});

describe('.locks/<repo folder>/<etag>.lock', () => {
  it('is created per streamed blob as Python does, and scan, prune, eviction and move leave the cache consistent', async (context) => {
    const t = lastInFirstOut(context);
    const { server, head, gitattributes } = await seeded(t);
    const { engine, cacheDir } = await testEngine(t, { endpoint: server.url });
    await engine.snapshotDownload('alice/m1');
    const locks = join(cacheDir, '.locks', 'models--alice--m1');
    assert.deepEqual(await readdir(locks), [`${sha256Hex(weights)}.lock`], 'the streamed file has its lock; small files, fetched whole, have none');
    for (const name of await readdir(locks)) assert.equal((await stat(join(locks, name))).size, 0);

    const scan = await scanCacheDir(cacheDir);
    assert.deepEqual(scan.warnings, []);
    assert.deepEqual(scan.repos.map((repo) => [repo.repoId, repo.nbFiles, repo.sizeOnDisk]), [['alice/m1', 4, weights.length + gitattributes.length + size('config.json') + size('sub/tokenizer.json')]]);
    const js = await jsScanCacheDir(cacheDir);
    assert.deepEqual(js.warnings, []);
    assert.deepEqual(js.repos.map((repo) => repo.id.name), ['alice/m1']);
    if (python) {
      const py = runPythonJson(python, `import json; from huggingface_hub import scan_cache_dir; i = scan_cache_dir(${JSON.stringify(cacheDir)}); print(json.dumps([[r.repo_id, r.nb_files, r.size_on_disk] for r in i.repos] + [str(w) for w in i.warnings]))`);
      assert.deepEqual(py, [['alice/m1', 4, weights.length + gitattributes.length + size('config.json') + size('sub/tokenizer.json')]]);
    }

    // A fresh lock is kept by prune; the tree listing is never pruned while its revision lives.
    assert.deepEqual((await planPrune(scan)).items, []);
    const report = await executePrune(await planPrune(scan, { olderThanMs: -1000 }));
    assert.equal(report.removed.lock, 1);
    assert.ok(existsSync(join(cacheDir, 'models--alice--m1', 'trees', `${head}.json`)));

    const moved = join(await tempFolder(t), 'hub');
    await moveCache(cacheDir, moved);
    await engine.downloadFile('alice/m1', 'model.safetensors', { cacheDir: moved, force: true });
    assert.ok(existsSync(join(moved, '.locks', 'models--alice--m1', `${sha256Hex(weights)}.lock`)));
    const movedScan = await scanCacheDir(moved);
    assert.deepEqual(movedScan.warnings, []);

    const eviction = selectForEviction(movedScan, 0);
    await executeDeletion(await planDeletion(movedScan, eviction.selection));
    assert.deepEqual((await readdir(moved)).sort(), ['.locks', 'CACHEDIR.TAG'], 'the repo folder and its tree listing are gone');
    assert.deepEqual(await readdir(join(moved, '.locks')), [], 'and so are its locks');
  });
});
