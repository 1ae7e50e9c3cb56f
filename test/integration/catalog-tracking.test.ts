import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Catalog, parseFindQuery, type CatalogFile } from '../../src/main/catalog/index.js';
import { AppError } from '../../src/shared/errors.js';
import { credentialTokens, openTestCatalog } from '../helpers/catalog-setup.js';
import { lastInFirstOut, randomContent } from '../helpers/download-fixtures.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

type Files = Record<string, string | Buffer>;

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const gitOid = (data: Buffer): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
const pointer = (data: Buffer): Buffer => Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(data)}\nsize ${data.length}\n`);

/** What the catalog must answer for a file, computed from its bytes (git oid of the content, or of the LFS pointer). */
function expectedHashes(content: string | Buffer, lfs: boolean): { size: number; oid: string; sha256: string | null } {
  const bytes = Buffer.from(content);
  return lfs ? { size: bytes.length, oid: gitOid(pointer(bytes)), sha256: sha256(bytes) } : { size: bytes.length, oid: gitOid(bytes), sha256: null };
}

const weights = randomContent(300_000);
const gguf = randomContent(70_000);
const vocab = 'hello\nworld\n';
const modelFiles: Files = {
  'config.json': '{"model_type": "llama"}\n',
  'README.md': '# m1\n',
  'weights/model.safetensors': weights,
  'weights/extra/q4.gguf': gguf,
  'tokenizer/vocab.txt': vocab,
};
const modelLfs = ['weights/model.safetensors', 'weights/extra/q4.gguf'];
const datasetFiles: Files = { 'data/train.gguf': gguf, 'tokenizer/vocab.txt': vocab, 'dataset_config.json': '{}\n' };
const datasetLfs = ['data/train.gguf'];

/** A remote HubKeeper (behind a proxy that counts requests and can be closed) and a catalog in its own data dir. */
async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const remote = await startServer(t);
  const model = await seedRepo(remote.core.store, { name: 'm1', files: modelFiles, lfs: modelLfs });
  const dataset = await seedRepo(remote.core.store, { type: 'dataset', name: 'd1', files: datasetFiles, lfs: datasetLfs });
  // The hub adds a .gitattributes for LFS files: take its bytes from the remote's resolve route.
  const attributes = async (prefix: string): Promise<Files> => ({ '.gitattributes': Buffer.from(await (await fetch(`${remote.url}/${prefix}/resolve/main/.gitattributes`)).arrayBuffer()) });
  const modelWithAttributes: Files = { ...modelFiles, ...(await attributes('alice/m1')) };
  const datasetWithAttributes: Files = { ...datasetFiles, ...(await attributes('datasets/alice/d1')) };
  const proxy = await startFaultProxy(remote.url);
  t.after(() => proxy.close());
  // The token comes from credentials, as HF_TOKEN for the default hub (here: the remote).
  const { catalog, dataDir, db, client } = await openTestCatalog(t, { defaultHub: { endpoint: proxy.url, token: remote.token } });
  return { remote, proxy, model, dataset, catalog, dataDir, db, client, modelWithAttributes, datasetWithAttributes };
}

/** The expected CatalogFile rows for files of a repo picked by a predicate, in the catalog's order. */
function expectedFiles(repo: string, repoType: 'model' | 'dataset', endpoint: string, commit: string, files: Files, lfs: readonly string[], pick: (path: string) => boolean): CatalogFile[] {
  return Object.entries(files)
    .filter(([path]) => pick(path))
    .map(([path, content]) => ({ source: 'remote' as const, repo, repoType, endpoint, revision: 'main', commit, path, ...expectedHashes(content, lfs.includes(path)) }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

describe('structure tracking of remote repos', () => {
  it('tracks repos on another hub and answers file hashes, finds by glob, extension, name and hash offline', async (t) => {
    const { proxy, model, dataset, catalog, dataDir, remote, modelWithAttributes, datasetWithAttributes } = await setup(t);
    catalog.track({ endpoint: `${proxy.url}/`, repoType: 'model', repo: 'alice/m1', revision: 'main' });
    catalog.track({ endpoint: proxy.url, repoType: 'dataset', repo: 'alice/d1', revision: 'main' });
    const results = await catalog.refresh();
    assert.deepEqual(results.map((result) => [result.repo.repo, result.status, result.repo.commit]), [['alice/d1', 'updated', dataset.head], ['alice/m1', 'updated', model.head]]);
    assert.equal(results[1]?.repo.files, Object.keys(modelWithAttributes).length);
    assert.equal(results[1]?.repo.totalSize, Object.values(modelWithAttributes).reduce((sum, content) => sum + Buffer.from(content).length, 0));

    const mine = (pick: (path: string) => boolean): CatalogFile[] => [
      ...expectedFiles('alice/d1', 'dataset', proxy.url, dataset.head, datasetWithAttributes, datasetLfs, pick),
      ...expectedFiles('alice/m1', 'model', proxy.url, model.head, modelWithAttributes, modelLfs, pick),
    ];
    for (const [path, content] of Object.entries(modelWithAttributes)) {
      assert.deepEqual(catalog.fileHashes({ repo: 'alice/m1' }, path), { source: 'remote', repo: 'alice/m1', repoType: 'model', endpoint: proxy.url, revision: 'main', commit: model.head, path, ...expectedHashes(content, modelLfs.includes(path)) });
    }
    assert.equal(catalog.fileHashes({ repo: 'alice/m1' }, 'config.json', model.head.slice(0, 10)).commit, model.head, 'a commit prefix names a stored revision');
    assert.throws(() => catalog.fileHashes({ repo: 'alice/m1' }, 'weights'), (error: unknown) => error instanceof AppError && error.code === 'EntryNotFound');
    assert.throws(() => catalog.fileHashes({ repo: 'bob/none' }, 'a'), (error: unknown) => error instanceof AppError && error.code === 'RepoNotFound');

    assert.deepEqual(catalog.find(parseFindQuery({ ext: 'gguf' })), mine((path) => path.endsWith('.gguf')));
    assert.deepEqual(catalog.find(parseFindQuery({ file: '*.json' })), mine((path) => path.split('/').at(-1)?.endsWith('.json') === true));
    assert.deepEqual(catalog.find(parseFindQuery({ file: 'weights/**' })), mine((path) => path.startsWith('weights/')));
    assert.deepEqual(catalog.find(parseFindQuery({ name: 'VOCAB' })), mine((path) => path.toLowerCase().includes('vocab')));
    assert.deepEqual(catalog.find(parseFindQuery({ hash: sha256(gguf) })), mine((path) => path.endsWith('.gguf')), 'the same LFS content in two repos');
    const readmeOid = gitOid(Buffer.from(modelFiles['README.md'] as string));
    assert.deepEqual(catalog.find(parseFindQuery({ hash: readmeOid.toUpperCase() })), mine((path) => path === 'README.md'));
    assert.deepEqual(catalog.find(parseFindQuery({ hash: 'f'.repeat(64) })), []);

    for (const file of ['hub.db', 'hub.db-wal'].filter((name) => existsSync(join(dataDir, name)))) {
      assert.ok(!readFileSync(join(dataDir, file)).includes(remote.token), `the token is never stored in the catalog (${file})`);
    }
  });

  it('reads a private repo with the token credentials give for its hub, and fails without one', async (t) => {
    const { proxy, remote, catalog, db, client, dataDir } = await setup(t);
    const secret = await seedRepo(remote.core.store, { name: 'secret', private: true, files: { 'a.txt': 'a\n' } });
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/secret', revision: 'main' });
    const [withToken] = await catalog.refresh();
    assert.equal(withToken?.repo.commit, secret.head);
    // Credentials give no token to a hub other than HF_ENDPOINT's.
    const anonymous = new Catalog({ db, client, tokens: credentialTokens(dataDir, 'https://huggingface.co', remote.token) });
    const [without] = await anonymous.refresh();
    assert.equal(without?.status, 'failed');
    assert.match(without?.error ?? '', /alice\/secret@main/);
    assert.equal(anonymous.list()[0]?.commit, secret.head, 'the structure stays');
  });

  it('an unchanged remote costs one request; a changed one is stored as a new revision sharing unchanged folders, and diffed', async (t) => {
    const { proxy, model, remote, catalog } = await setup(t);
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/m1', revision: 'main' });
    catalog.track({ endpoint: proxy.url, repoType: 'dataset', repo: 'alice/d1', revision: 'main' });
    await catalog.refresh();
    // Folders: m1's root, weights, weights/extra, tokenizer; d1's root and data (its tokenizer/ is m1's).
    // Entries: m1 5 + 2 + 1 + 1, d1 4 + 1 (each root has a .gitattributes).
    assert.deepEqual(catalog.counts(), { repos: 2, revisions: 2, folders: 6, entries: 9 + 5 });

    proxy.requests.length = 0;
    const again = await catalog.refresh({ repo: 'alice/m1' });
    assert.equal(again[0]?.status, 'unchanged');
    assert.equal(proxy.requests.length, 1, proxy.requests.join(', '));
    assert.match(proxy.requests[0] ?? '', /^GET \/api\/models\/alice\/m1\/revision\/main/);

    const newConfig = '{"model_type": "mistral"}\n';
    const head = await commitFiles(remote.core.store, model.repo.id, { 'config.json': newConfig, 'model.safetensors': weights, 'NOTES.md': 'new\n' }, {
      lfs: ['model.safetensors'], deletes: ['README.md', 'weights/model.safetensors'],
    });
    const [updated] = await catalog.refresh({ repo: 'alice/m1' });
    assert.equal(updated?.status, 'updated');
    assert.equal(updated?.repo.commit, head);
    // New: the root (.gitattributes, config.json, model.safetensors, NOTES.md, tokenizer, weights) and
    // weights (extra); tokenizer/ and weights/extra/ are the old revision's folders.
    assert.deepEqual(catalog.counts(), { repos: 2, revisions: 3, folders: 8, entries: 14 + 6 + 1 });

    const diff = catalog.diff({ repo: 'alice/m1' }, model.head, head);
    assert.equal(diff.oldCommit, model.head);
    assert.equal(diff.newCommit, head);
    assert.deepEqual(diff.added, [{ path: 'NOTES.md', ...expectedHashes('new\n', false) }]);
    assert.deepEqual(diff.removed, [{ path: 'README.md', ...expectedHashes(modelFiles['README.md'] as string, false) }]);
    assert.deepEqual(diff.modified, [{ path: 'config.json', old: { path: 'config.json', ...expectedHashes(modelFiles['config.json'] as string, false) }, new: { path: 'config.json', ...expectedHashes(newConfig, false) } }]);
    assert.deepEqual(diff.renamed, [{ from: { path: 'weights/model.safetensors', ...expectedHashes(weights, true) }, to: { path: 'model.safetensors', ...expectedHashes(weights, true) } }]);
    assert.deepEqual(catalog.diff({ repo: 'alice/m1' }, 'main', model.head.slice(0, 8)).renamed.map((r) => r.to.path), ['weights/model.safetensors'], 'the tracked revision name is its current commit');

    assert.deepEqual(catalog.find(parseFindQuery({ name: 'README' })), [], 'queries see the current structure');
    catalog.untrack({ repo: 'alice/m1' });
    // Only d1's folders remain; tokenizer/ stays because d1 still holds it.
    assert.deepEqual(catalog.counts(), { repos: 1, revisions: 1, folders: 3, entries: 4 + 1 + 1 });
  });

  it('a tree longer than one page is listed page by page and stored whole', async (t) => {
    const { proxy, remote, catalog } = await setup(t);
    const files: Files = {};
    for (let i = 0; i < 1200; i++) files[`shard-${i % 7}/file-${i}.txt`] = `content ${i}\n`;
    const big = await seedRepo(remote.core.store, { name: 'big', files });
    files['.gitattributes'] = Buffer.from(await (await fetch(`${remote.url}/alice/big/resolve/main/.gitattributes`)).arrayBuffer());
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/big', revision: 'main' });
    const [result] = await catalog.refresh();
    assert.equal(result?.repo.commit, big.head);
    assert.equal(result?.repo.files, 1201, 'more than one page of the hub (1,000 entries)');
    for (const [path, content] of Object.entries(files)) assert.deepEqual(catalog.fileHashes({ repo: 'alice/big' }, path), { source: 'remote', repo: 'alice/big', repoType: 'model', endpoint: proxy.url, revision: 'main', commit: big.head, path, ...expectedHashes(content, false) });
  });

  it('identical folders inside one revision are stored once and found at each of their paths', async (t) => {
    const { proxy, remote, catalog } = await setup(t);
    const shard = randomContent(20_000);
    const twins = await seedRepo(remote.core.store, { name: 'twins', files: { 'a/shard.bin': shard, 'b/shard.bin': shard, 'b/c/shard.bin': shard }, lfs: ['a/shard.bin', 'b/shard.bin', 'b/c/shard.bin'] });
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/twins', revision: 'main' });
    await catalog.refresh();
    const found = catalog.find(parseFindQuery({ hash: sha256(shard) }));
    assert.deepEqual(found.map((file) => [file.path, file.commit, file.size]), [['a/shard.bin', twins.head, shard.length], ['b/c/shard.bin', twins.head, shard.length], ['b/shard.bin', twins.head, shard.length]]);
    // Folders: the root, a/ (the same as b/c/) and b/.
    assert.equal(catalog.counts().folders, 3);
  });

  it('a hub that is down fails the refresh with its reason and keeps the last good structure', async (t) => {
    const { proxy, model, catalog } = await setup(t);
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/m1', revision: 'main' });
    await catalog.refresh();
    await proxy.close();
    const [failed] = await catalog.refresh({ repo: 'alice/m1' });
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.error ?? '', /^alice\/m1@main on http:\/\/127\.0\.0\.1:\d+: Could not reach/);
    const [listed] = catalog.list();
    assert.equal(listed?.commit, model.head);
    assert.equal(listed?.error, failed?.error);
    assert.ok(listed?.errorAt !== null);
    assert.equal(catalog.fileHashes({ repo: 'alice/m1' }, 'config.json').commit, model.head);
  });

  it('a repo or revision the hub does not have is a failed refresh, not a structure', async (t) => {
    const { proxy, catalog } = await setup(t);
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/none', revision: 'main' });
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/m1', revision: 'no-such-branch' });
    const results = await catalog.refresh();
    assert.deepEqual(results.map((result) => result.status), ['failed', 'failed']);
    assert.match(results[0]?.error ?? '', /alice\/m1@no-such-branch/);
    assert.deepEqual(catalog.counts(), { repos: 2, revisions: 0, folders: 0, entries: 0 });
    assert.throws(() => catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/none', revision: 'main' }), (error: unknown) => error instanceof AppError && error.code === 'Conflict');
    assert.throws(() => catalog.track({ endpoint: 'ftp://x', repoType: 'model', repo: 'a/b', revision: 'main' }), (error: unknown) => error instanceof AppError && error.code === 'BadRequest');
    assert.throws(() => catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'a/../b', revision: 'main' }), (error: unknown) => error instanceof AppError && error.code === 'InvalidRepoName');
  });
});
