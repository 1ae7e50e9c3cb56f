import assert from 'node:assert/strict';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Catalog, parseFindQuery, type CatalogFile } from '../../src/main/catalog/index.js';
import { DATABASE_FILE, openDatabase } from '../../src/main/db/index.js';
import { UpstreamClient } from '../../src/main/upstream/index.js';
import { openTestCatalog } from '../helpers/catalog-setup.js';
import { runCliFromSource } from '../helpers/cli-process.js';
import { gitBlobOid, lastInFirstOut, randomContent, sha256Hex, tempFolder, testEngine } from '../helpers/download-fixtures.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';
import { appRequest, ownerSession } from '../helpers/ui-session.js';

const weights = randomContent(300_000);
const shard = randomContent(120_000);
const files: Record<string, string | Buffer> = {
  'config.json': '{"model_type": "llama"}\n',
  'README.md': '# m1\n',
  'model.safetensors': weights,
  'sub/tokenizer.json': '{"vocab": {}}\n',
  'sub/deep/shard.bin': shard,
};
const lfs = ['model.safetensors', 'sub/deep/shard.bin'];

/** A remote hub with alice/m1, and a catalog in a data dir of its own. */
async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const remote = await startServer(t);
  const seeded = await seedRepo(remote.core.store, { files, lfs });
  const { dataDir, catalog } = await openTestCatalog(t);
  return { t, remote, seeded, dataDir, catalog };
}

/** Python's snapshot_download from the remote into a cache folder of its own. */
async function pythonSnapshot(t: Cleanup, url: string, allowPatterns?: readonly string[]): Promise<string> {
  const python = pythonWithHfHub();
  const cacheDir = await tempFolder(t, 'hubkeeper-pycache-');
  const patterns = allowPatterns === undefined ? 'None' : JSON.stringify(allowPatterns);
  await runPythonJsonAsync(python, `from huggingface_hub import snapshot_download\nsnapshot_download("alice/m1", allow_patterns=${patterns})\nprint("null")`, {
    HF_ENDPOINT: url, HF_HUB_CACHE: cacheDir, HF_HUB_DISABLE_XET: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1',
  });
  return cacheDir;
}

/** Files of one source as [path, size, oid, sha256], by path. */
function filesOf(found: readonly CatalogFile[], endpoint: string): Array<[string, number, string, string | null]> {
  return found.filter((file) => file.endpoint === endpoint).map((file) => [file.path, file.size, file.oid, file.sha256]);
}

describe('the HF cache in the catalog, and outdated', () => {
  it('indexes caches filled by Python and by our engine, with or without tree listings: the structures equal the remote one', async (t) => {
    const { remote, seeded, catalog, t: steps } = await setup(t);
    const python = await pythonSnapshot(steps, remote.url);
    const { engine, cacheDir: ours } = await testEngine(steps, { endpoint: remote.url });
    await engine.snapshotDownload('alice/m1');
    // The same Python cache without trees/<commit>.json: hashes come from the blob names.
    const bare = await tempFolder(steps, 'hubkeeper-bare-');
    await cp(python, bare, { recursive: true, verbatimSymlinks: true });
    await rm(join(bare, 'models--alice--m1', 'trees'), { recursive: true, force: true });

    catalog.track({ endpoint: remote.url, repoType: 'model', repo: 'alice/m1', revision: 'main' });
    await catalog.refresh();
    for (const cacheDir of [python, ours, bare]) {
      const report = await catalog.indexCache(cacheDir);
      assert.deepEqual([report.repos, report.revisions, report.indexed], [1, 1, 1], cacheDir);
    }
    const all = catalog.find(parseFindQuery({ file: '**' }));
    const upstream = filesOf(all, remote.url);
    assert.equal(upstream.length, Object.keys(files).length + 1, 'with .gitattributes');
    for (const cacheDir of [python, ours, bare]) assert.deepEqual(filesOf(all, cacheDir), upstream, cacheDir);
    const cached = catalog.list().find((repo) => repo.endpoint === python);
    assert.deepEqual([cached?.source, cached?.revision, cached?.refs.map((ref) => [ref.ref, ref.commit])], ['cache', '*', [['main', seeded.head]]]);
    assert.deepEqual(catalog.find(parseFindQuery({ hash: sha256Hex(shard) })).map((file) => file.source).sort(), ['cache', 'cache', 'cache', 'remote']);

    assert.equal((await catalog.indexCache(python)).indexed, 0, 'an unchanged snapshot is not read again');
    await rm(join(python, 'models--alice--m1'), { recursive: true });
    assert.equal((await catalog.indexCache(python)).dropped, 1);
    assert.equal(catalog.list().some((repo) => repo.endpoint === python), false, 'a repo gone from the cache is gone from the catalog');
  });

  it('a partial snapshot holds only the files it has', async (t) => {
    const { remote, catalog, t: steps } = await setup(t);
    const partial = await pythonSnapshot(steps, remote.url, ['*.json']);
    await catalog.indexCache(partial);
    assert.deepEqual(catalog.find(parseFindQuery({ file: '**' })).map((file) => file.path), ['config.json', 'sub/tokenizer.json']);
  });

  it('outdated lists a cached ref behind upstream with the changed files and the bytes an update downloads; up to date is not listed', async (t) => {
    const { remote, seeded, catalog, dataDir, t: steps } = await setup(t);
    const cacheDir = await pythonSnapshot(steps, remote.url);
    const upToDate = await catalog.outdated({ cacheDir, endpoint: remote.url });
    assert.deepEqual([upToDate.checked, upToDate.outdated, upToDate.failures], [1, [], []]);
    assert.equal(catalog.list().filter((repo) => repo.source === 'remote').length, 0, 'nothing fetched for a ref that is up to date');

    const fresh = randomContent(50_000);
    const newConfig = '{"model_type": "mistral"}\n';
    const head = await commitFiles(remote.core.store, seeded.repo.id, { 'config.json': newConfig, 'fresh.bin': fresh, 'weights/model.safetensors': weights }, {
      lfs: ['fresh.bin', 'weights/model.safetensors'], deletes: ['README.md', 'model.safetensors'],
    });
    const report = await catalog.outdated({ cacheDir, endpoint: remote.url });
    assert.equal(report.outdated.length, 1);
    const [behind] = report.outdated;
    assert.deepEqual([behind?.repo, behind?.ref, behind?.cachedCommit, behind?.upstreamCommit], ['alice/m1', 'main', seeded.head, head]);
    assert.deepEqual(behind?.added.map((file) => [file.path, file.sha256]), [['fresh.bin', sha256Hex(fresh)]]);
    assert.deepEqual(behind?.removed.map((file) => file.path), ['README.md']);
    assert.deepEqual(behind?.modified.map((file) => [file.path, file.new.oid]), [['config.json', gitBlobOid(Buffer.from(newConfig))]]);
    assert.deepEqual(behind?.renamed.map((file) => [file.from.path, file.to.path]), [['model.safetensors', 'weights/model.safetensors']]);
    assert.equal(behind?.downloadBytes, fresh.length + Buffer.byteLength(newConfig), 'the renamed weights are in the cache already');

    // The upstream structure is stored: the diff works offline, against the cached commit.
    await remote.stop();
    const offline = catalog.diff({ repo: 'alice/m1' }, seeded.head, head);
    assert.deepEqual(offline.added.map((file) => file.path), ['fresh.bin']);

    const cli = await runCliFromSource(['outdated', '--json', '--data', dataDir, '--cache-dir', cacheDir, '--endpoint', remote.url]);
    assert.equal(cli.code, 1, 'the hub is down: the ref could not be checked');
    assert.match(cli.stderr, /^hubkeeper: could not check alice\/m1@main: .+\n$/);
    assert.deepEqual(JSON.parse(cli.stdout), []);
  });

  it('outdated on a partial snapshot counts only what changed upstream since its commit, not the files it never downloaded', async (t) => {
    const { remote, seeded, catalog, t: steps } = await setup(t);
    const partial = await pythonSnapshot(steps, remote.url, ['*.json']);
    // The same partial snapshot without trees/<commit>.json: the hub is asked what the cached commit held.
    const bare = await tempFolder(steps, 'hubkeeper-bare-');
    await cp(partial, bare, { recursive: true, verbatimSymlinks: true });
    await rm(join(bare, 'models--alice--m1', 'trees'), { recursive: true, force: true });
    const notes = 'notes\n';
    const tokenizer = '{"vocab": {"a": 1}}\n';
    const head = await commitFiles(remote.core.store, seeded.repo.id, { 'NOTES.md': notes, 'sub/tokenizer.json': tokenizer });

    const other = (await openTestCatalog(steps)).catalog;
    for (const [cacheDir, checker] of [[partial, catalog], [bare, other]] as const) {
      const [behind] = (await checker.outdated({ cacheDir, endpoint: remote.url })).outdated;
      assert.deepEqual([behind?.cachedCommit, behind?.upstreamCommit], [seeded.head, head], cacheDir);
      assert.deepEqual(behind?.added.map((file) => file.path), ['NOTES.md'], `${cacheDir}: model.safetensors, README.md and the rest were there at the cached commit`);
      assert.deepEqual(behind?.modified.map((file) => [file.path, file.new.oid]), [['sub/tokenizer.json', gitBlobOid(Buffer.from(tokenizer))]]);
      assert.deepEqual([behind?.removed, behind?.renamed], [[], []]);
      assert.equal(behind?.downloadBytes, notes.length + tokenizer.length);
    }
  });

  it('the CLI prints outdated refs as JSON and text; bad input is one line and exit code 1', async (t) => {
    const { remote, seeded, dataDir, t: steps } = await setup(t);
    const cacheDir = await pythonSnapshot(steps, remote.url);
    const args = ['--data', dataDir, '--cache-dir', cacheDir, '--endpoint', remote.url];
    const clean = await runCliFromSource(['outdated', ...args]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /^All 1 cached refs checked are up to date with http/);

    const head = await commitFiles(remote.core.store, seeded.repo.id, { 'NOTES.md': 'new\n' });
    const json = await runCliFromSource(['outdated', '--json', ...args]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), [{
      repo: 'alice/m1', repoType: 'model', revision: 'main', commit: head, cachedCommit: seeded.head, endpoint: remote.url, cacheDir, added: 1, removed: 0, modified: 0, renamed: 0, size: 4, downloadBytes: 4,
      changes: [{ change: 'added', path: 'NOTES.md', size: 4, oid: gitBlobOid(Buffer.from('new\n')), sha256: null }],
    }]);
    const text = await runCliFromSource(['outdated', ...args]);
    assert.match(text.stdout, /^alice\/m1@main: [0-9a-f]{12} -> [0-9a-f]{12}, 1 added, 0 removed, 0 modified, 0 renamed; an update downloads 4 B\n {2}A {2}NOTES\.md {2}4 B\n1 of 1 cached refs are behind/);

    for (const bad of [['--endpoint', 'not a url'], ['--cache-dir', join(dataDir, 'nowhere')]]) {
      const result = await runCliFromSource(['outdated', ...args, ...bad]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^hubkeeper: [^\n]+\n$/, result.stderr);
    }
    const indexed = await runCliFromSource(['track', 'refresh', '--cache', ...args.slice(0, 4)]);
    assert.equal(indexed.code, 0, indexed.stderr);
    assert.match(indexed.stdout, /^1 repos, 1 snapshots in the HF cache .+: 0 indexed now, 0 gone\n$/);
  });

  it("the app's scan of the HF cache catalogues it", async (t) => {
    const { remote, seeded, t: steps } = await setup(t);
    const cacheDir = await pythonSnapshot(steps, remote.url);
    const app = await startServer(steps, { overrides: { hubCache: cacheDir } });
    const library = await appRequest(app, await ownerSession(app), 'GET', '/library');
    assert.equal(library.status, 200, library.text);
    // Stopping waits for the indexing the scan started.
    await app.stop();
    const db = openDatabase(join(app.dataDir, DATABASE_FILE));
    const client = new UpstreamClient({ retry: { retries: 0 } });
    try {
      const catalog = new Catalog({ db, client, tokens: () => undefined });
      assert.deepEqual(catalog.list().map((repo) => [repo.source, repo.endpoint, repo.repo, repo.commit]), [['cache', cacheDir, 'alice/m1', seeded.head]]);
      assert.deepEqual(catalog.find(parseFindQuery({ ext: 'bin' })).map((file) => [file.path, file.sha256]), [['sub/deep/shard.bin', sha256Hex(shard)]]);
    } finally {
      await client.close();
      db.close();
    }
  });
});
