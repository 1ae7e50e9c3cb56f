import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { Catalog, parseFindQuery, type CatalogFile } from '../../src/main/catalog/index.js';
import { createCatalogReposTable } from '../../src/main/db/index.js';
import { UpstreamClient } from '../../src/main/upstream/index.js';
import { AppError } from '../../src/shared/errors.js';
import { lastInFirstOut, randomContent, tempFolder } from '../helpers/download-fixtures.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';

type Files = Record<string, string | Buffer>;

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const gitOid = (data: Buffer): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
const pointerText = (data: Buffer): string => `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(data)}\nsize ${data.length}\n`;

const weights = randomContent(400_000);
const gguf = randomContent(150_000);
const vocab = 'hello\nworld\n';
const m1Files: Files = {
  'config.json': '{"model_type": "llama"}\n',
  'README.md': '# m1\n',
  'weights/model.safetensors': weights,
  'q4.gguf': gguf,
  'tokenizer/vocab.txt': vocab,
  'docs/read me.md': 'spaces and unicode: é\n',
};
const m1Lfs = ['weights/model.safetensors', 'q4.gguf'];
// A fine-tune: other config, the same weights and tokenizer, one more LFS file.
const m2Files: Files = { 'config.json': '{"model_type": "llama", "tuned": true}\n', 'weights/model.safetensors': weights, 'tokenizer/vocab.txt': vocab, 'extra.bin': randomContent(90_000) };
const m2Lfs = ['weights/model.safetensors', 'extra.bin'];
const d1Files: Files = { 'data/train.gguf': gguf, 'NOTES': 'dataset notes\n' };
const d1Lfs = ['data/train.gguf'];

/** A file as the test wrote it: where, its bytes, and whether it is stored with LFS. */
interface Written {
  readonly place: string;
  readonly source: 'remote' | 'cache' | 'hub';
  readonly repo: string;
  readonly path: string;
  readonly size: number;
  readonly key: string;
  readonly oid: string;
  readonly sha256: string | null;
}

function written(place: string, source: Written['source'], repo: string, files: Files, lfs: readonly string[]): Written[] {
  return Object.entries(files).map(([path, content]) => {
    const bytes = Buffer.from(content);
    const isLfs = lfs.includes(path);
    const oid = isLfs ? gitOid(Buffer.from(pointerText(bytes))) : gitOid(bytes);
    const hash = isLfs ? sha256(bytes) : null;
    return { place, source, repo, path, size: bytes.length, key: hash ?? oid, oid, sha256: hash };
  });
}

async function withAttributes(server: TestServer, prefix: string, files: Files): Promise<Files> {
  const response = await fetch(`${server.url}/${prefix}/resolve/main/.gitattributes`);
  return response.ok ? { ...files, '.gitattributes': Buffer.from(await response.arrayBuffer()) } : files;
}

/**
 * A remote HubKeeper with two models and a dataset, tracked by a catalog that shares the database
 * of a local hub (holding the weights in a repo of its own), and an HF cache that Python filled
 * with alice/m1, indexed as a cache structure of the same commit.
 */
async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const remote = await startServer(t);
  const local = await startServer(t);
  const m1 = await seedRepo(remote.core.store, { name: 'm1', files: m1Files, lfs: m1Lfs });
  const m2 = await seedRepo(remote.core.store, { name: 'm2', files: m2Files, lfs: m2Lfs });
  const d1 = await seedRepo(remote.core.store, { type: 'dataset', name: 'd1', files: d1Files, lfs: d1Lfs });
  await seedRepo(local.core.store, { name: 'mine', files: { 'model.safetensors': weights }, lfs: ['model.safetensors'] });
  // The local hub's repos are in the catalog as they are committed.
  const hubFiles = written('hub', 'hub', 'alice/mine', await withAttributes(local, 'alice/mine', { 'model.safetensors': weights }), ['model.safetensors']);

  const client = new UpstreamClient({ retry: { retries: 0 } });
  t.after(() => client.close());
  const catalog = new Catalog({ db: local.core.db, client, tokens: () => remote.token });
  catalog.track({ endpoint: remote.url, repoType: 'model', repo: 'alice/m1', revision: 'main' });
  catalog.track({ endpoint: remote.url, repoType: 'model', repo: 'alice/m2', revision: 'main' });
  catalog.track({ endpoint: remote.url, repoType: 'dataset', repo: 'alice/d1', revision: 'main' });
  const refreshed = await catalog.refresh();
  assert.deepEqual(refreshed.map((result) => result.status), ['updated', 'updated', 'updated']);

  const python = pythonWithHfHub();
  const cacheDir = await tempFolder(t, 'hubkeeper-questions-cache-');
  const env = { HF_ENDPOINT: remote.url, HF_TOKEN: remote.token, HF_HUB_DISABLE_XET: '1', HF_HUB_CACHE: cacheDir, HF_HUB_DISABLE_PROGRESS_BARS: '1' };
  await runPythonJsonAsync(python, 'from huggingface_hub import snapshot_download\nsnapshot_download("alice/m1")\nprint("null")', env);
  // The cache's structure of m1 is the remote's at the same commit (what indexing the cache stores).
  const repos = createCatalogReposTable(local.core.db);
  const m1Row = repos.list().find((row) => row.repo_id === 'alice/m1');
  const m1Revision = repos.revision(m1Row?.id ?? 0, m1.head);
  assert.ok(m1Revision !== undefined);
  const cacheRow = repos.add({ source: 'cache', endpoint: cacheDir, type: 'model', repoId: 'alice/m1', revision: 'main', everyMs: null, now: Date.now() });
  repos.addRevision({ repo: cacheRow, commit: m1.head, rootFolder: m1Revision.root_folder, files: m1Revision.files, totalSize: m1Revision.total_size, now: Date.now() });
  repos.markChecked(cacheRow, new Map([['main', m1.head]]), Date.now());

  const m1All = await withAttributes(remote, 'alice/m1', m1Files);
  const files = [
    ...written('m1', 'remote', 'alice/m1', m1All, m1Lfs),
    ...written('m1-cache', 'cache', 'alice/m1', m1All, m1Lfs),
    ...written('m2', 'remote', 'alice/m2', await withAttributes(remote, 'alice/m2', m2Files), m2Lfs),
    ...written('d1', 'remote', 'alice/d1', await withAttributes(remote, 'datasets/alice/d1', d1Files), d1Lfs),
    ...hubFiles,
  ];
  return { remote, catalog, files, hubFiles, cacheDir, heads: { m1: m1.head, m2: m2.head, d1: d1.head } };
}

const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const placeOf = (file: CatalogFile): string => `${file.source}:${file.repo}:${file.path}`;

describe('questions over tracked structures', () => {
  it('where a hash is, and whether its bytes are in the hub store or the HF cache', async (t) => {
    const { catalog, files } = await setup(t);
    const keyOf = (repo: string, path: string): string => files.find((file) => file.repo === repo && file.path === path)?.key as string;
    const weightsAt = catalog.whereIs(keyOf('alice/m1', 'weights/model.safetensors'));
    assert.deepEqual(weightsAt.onDisk, { hub: true, cache: true });
    assert.deepEqual(weightsAt.files.map(placeOf).sort(), ['cache:alice/m1:weights/model.safetensors', 'hub:alice/mine:model.safetensors', 'remote:alice/m1:weights/model.safetensors', 'remote:alice/m2:weights/model.safetensors']);
    assert.deepEqual(catalog.whereIs(keyOf('alice/d1', 'data/train.gguf')).onDisk, { hub: false, cache: true }, 'cached in m1 as q4.gguf');
    assert.deepEqual(catalog.whereIs(keyOf('alice/m2', 'extra.bin')).onDisk, { hub: false, cache: false });
    assert.deepEqual(catalog.whereIs(keyOf('alice/d1', 'NOTES').toUpperCase()).onDisk, { hub: false, cache: false });
    assert.throws(() => catalog.whereIs('xyz'), (error: unknown) => error instanceof AppError && error.code === 'BadRequest');
  });

  it('globs answered through the name and extension lookups find what testing every path finds', async (t) => {
    const { catalog, files } = await setup(t);
    for (const glob of ['vocab.txt', '**/vocab.txt', '*.GGUF', '*.gguf', 'weights/*.safetensors', 'read*', 'READ*', '*ab.t*', '*e.*', 'tok*/*', 'NOTES', '.gitattributes']) {
      const matches = picomatch(glob, { dot: true, basename: !glob.includes('/') });
      const expected = files.filter((file) => matches(file.path)).map((file) => `${file.source}:${file.repo}:${file.path}`).sort();
      assert.deepEqual(catalog.find(parseFindQuery({ file: glob })).map(placeOf).sort(), expected, glob);
    }
  });

  it('duplicates: every place holding a content, bytes wasted on disk, bytes a download can reuse, largest waste first', async (t) => {
    const { catalog, files, hubFiles } = await setup(t);
    const hubKeys = new Set(hubFiles.map((file) => file.key));
    const groups = new Map<string, Written[]>();
    for (const file of files) groups.set(file.key, [...(groups.get(file.key) ?? []), file]);
    // Each cached repo keeps its own blob, the hub store one copy; the test's cache holds all of m1.
    const expected = [...groups.values()]
      .filter((held) => new Set(held.map((file) => file.place)).size > 1)
      .map((held) => {
        const first = held[0] as Written;
        const copies = new Set(held.filter((file) => file.source === 'cache').map((file) => file.place)).size + (hubKeys.has(first.key) ? 1 : 0);
        const remotes = new Set(held.filter((file) => file.source === 'remote').map((file) => file.repo)).size;
        return {
          key: first.key, size: first.size, places: held.map((file) => `${file.source}:${file.repo}:${file.path}`).sort(),
          wasted: first.size * Math.max(0, copies - 1), reusable: first.size * Math.max(0, remotes - (copies > 0 ? 0 : 1)),
        };
      })
      .sort((a, b) => b.wasted - a.wasted || b.reusable - a.reusable || b.size - a.size || (a.key < b.key ? -1 : 1));
    const report = catalog.duplicates({ limit: 1000 });
    assert.deepEqual(
      report.contents.map((content) => {
        const key = content.sha256 ?? content.oid;
        const places = catalog.duplicatePlaces(key, { limit: 1000 }).map(placeOf);
        assert.equal(content.placeCount, places.length, `the place count of ${key}`);
        assert.deepEqual(content.repos.map((repo) => `${repo.source}:${repo.repo}`).sort(), [...new Set(places.map((place) => place.split(':').slice(0, 2).join(':')))].sort(), `the repos holding ${key}`);
        return { key, size: content.size, places: places.sort(), wasted: content.wastedBytes, reusable: content.reusableBytes };
      }),
      expected,
    );
    assert.equal(report.count, expected.length);
    const second = catalog.duplicates({ limit: 1, offset: 1 });
    assert.deepEqual([second.count, second.contents.map((content) => content.sha256 ?? content.oid)], [expected.length, [expected[1]?.key]], 'a page of the contents, with the totals of all');
    const [firstPlace, ...otherPlaces] = expected[0]?.places ?? [];
    assert.deepEqual(catalog.duplicatePlaces(expected[0]?.key ?? '', { limit: 1 }).map(placeOf), [firstPlace], 'the places of one content, a page');
    assert.deepEqual(catalog.duplicatePlaces(expected[0]?.key ?? '', { offset: 1 }).map(placeOf).sort(), otherPlaces);
    assert.equal(report.contents[0]?.sha256, sha256(weights), 'the weights are on disk twice (hub store and HF cache)');
    assert.equal(report.wastedBytes, expected.reduce((sum, content) => sum + content.wasted, 0));
    assert.equal(report.reusableBytes, expected.reduce((sum, content) => sum + content.reusable, 0));
  });

  it('stats per repo and overall: files, bytes, LFS share, largest files, extensions', async (t) => {
    const { catalog, files, remote } = await setup(t);
    const expectStats = (held: readonly Written[]) => {
      const extOf = (path: string): string | null => {
        const name = path.slice(path.lastIndexOf('/') + 1);
        return name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : null;
      };
      const extensions = new Map<string | null, { ext: string | null; files: number; size: number }>();
      for (const file of held) {
        const ext = extOf(file.path);
        const row = extensions.get(ext) ?? { ext, files: 0, size: 0 };
        extensions.set(ext, { ext, files: row.files + 1, size: row.size + file.size });
      }
      const lfs = held.filter((file) => file.sha256 !== null);
      return {
        files: held.length, totalSize: held.reduce((sum, file) => sum + file.size, 0), lfsFiles: lfs.length, lfsSize: lfs.reduce((sum, file) => sum + file.size, 0),
        largest: [...held].sort((a, b) => b.size - a.size || byPath(a, b)).slice(0, 10).map((file) => `${file.source}:${file.repo}:${file.path}:${file.size}`),
        byExtension: [...extensions.values()].sort((a, b) => b.size - a.size || b.files - a.files || String(a.ext).localeCompare(String(b.ext))),
      };
    };
    const actual = (stats: { files: number; totalSize: number; lfsFiles: number; lfsSize: number; largest: readonly CatalogFile[]; byExtension: readonly unknown[] }) => ({
      files: stats.files, totalSize: stats.totalSize, lfsFiles: stats.lfsFiles, lfsSize: stats.lfsSize,
      largest: stats.largest.map((file) => `${placeOf(file)}:${file.size}`), byExtension: stats.byExtension,
    });
    const [m2] = catalog.repoStats({ repo: 'alice/m2' });
    assert.deepEqual(actual(m2 as NonNullable<typeof m2>), expectStats(files.filter((file) => file.place === 'm2')));
    const [m1] = catalog.repoStats({ repo: 'alice/m1', endpoint: remote.url });
    assert.deepEqual(actual(m1 as NonNullable<typeof m1>), expectStats(files.filter((file) => file.place === 'm1')));

    const all = catalog.stats();
    const overall = expectStats(files);
    assert.deepEqual({ ...actual(all), largest: all.largest.map((file) => file.size) }, { ...overall, largest: overall.largest.map((line) => Number(line.split(':').at(-1))) });
    assert.deepEqual([all.trackedRepos, all.reposWithStructures, all.structures], [5, 5, 5]);
    assert.deepEqual(all.repos.map((repo) => [repo.repo.repo, repo.files]), [['alice/d1', 3], ['alice/m1', 7], ['alice/m1', 7], ['alice/m2', 5], ['alice/mine', 2]]);
    assert.throws(() => catalog.repoStats({ repo: 'bob/none' }), (error: unknown) => error instanceof AppError && error.code === 'RepoNotFound');
  });

  it('similar: shared paths and shared bytes with another repo, and the repos most like one', async (t) => {
    const { catalog, files, remote, heads } = await setup(t);
    const expectSimilar = (base: string, other: string) => {
      const mine = files.filter((file) => file.place === base);
      const theirs = files.filter((file) => file.place === other);
      const theirPaths = new Map(theirs.map((file) => [file.path, file.key]));
      const sharedKeys = new Map(mine.filter((file) => theirs.some((their) => their.key === file.key)).map((file) => [file.key, file.size]));
      return {
        place: other,
        sharedPaths: mine.filter((file) => theirPaths.has(file.path)).length,
        identicalFiles: mine.filter((file) => theirPaths.get(file.path) === file.key).length,
        sharedContents: sharedKeys.size,
        sharedSize: [...sharedKeys.values()].reduce((sum, size) => sum + size, 0),
      };
    };
    const shape = (place: string) => (one: { sharedPaths: number; identicalFiles: number; sharedContents: number; sharedSize: number }) => ({
      place, sharedPaths: one.sharedPaths, identicalFiles: one.identicalFiles, sharedContents: one.sharedContents, sharedSize: one.sharedSize,
    });
    const m1 = { repo: 'alice/m1', endpoint: remote.url };
    assert.deepEqual(catalog.similar(m1, { repo: 'alice/m2' }).map(shape('m2')), [expectSimilar('m1', 'm2')]);
    const placeOfRepo = (one: { repo: { repo: string; source: string } }): string => (one.repo.source === 'cache' ? 'm1-cache' : one.repo.source === 'hub' ? 'hub' : one.repo.repo.replace('alice/', ''));
    const ranked = ['m1-cache', 'm2', 'd1', 'hub'].map((other) => expectSimilar('m1', other)).sort((a, b) => b.sharedSize - a.sharedSize || b.sharedPaths - a.sharedPaths);
    assert.deepEqual(catalog.similar(m1).map((one) => shape(placeOfRepo(one))(one)), ranked);
    assert.equal(catalog.similar(m1)[0]?.commit, heads.m1);
    assert.throws(() => catalog.similar({ repo: 'bob/none' }), (error: unknown) => error instanceof AppError && error.code === 'RepoNotFound');
  });

  it("track export: the seed model manager's shape, with pointer sizes and encoded download URLs", async (t) => {
    const { catalog, files, remote, heads } = await setup(t);
    const text = [...catalog.exportStructure({ repo: 'alice/d1' }, undefined, () => remote.url)].join('');
    const exported = JSON.parse(text) as { model_id: string; branch: string; fetched_at: string; files: Record<string, unknown>; total_files: number; total_size: number };
    const d1 = files.filter((file) => file.place === 'd1');
    assert.equal(exported.model_id, 'alice/d1');
    assert.equal(exported.branch, 'main');
    assert.ok(!Number.isNaN(Date.parse(exported.fetched_at)) && exported.fetched_at.endsWith('Z'));
    assert.equal(exported.total_files, d1.length);
    assert.equal(exported.total_size, d1.reduce((sum, file) => sum + file.size, 0));
    const expected = Object.fromEntries(d1.sort(byPath).map((file) => [file.path, {
      size: file.size,
      ...(file.sha256 === null ? {} : { lfs: { size: file.size, sha256: file.sha256, pointer_size: Buffer.byteLength(pointerText(Buffer.from(d1Files[file.path] as string | Buffer))) } }),
      oid: file.oid,
      download_url: `${remote.url}/datasets/alice/d1/resolve/${heads.d1}/${file.path}`,
    }]));
    assert.deepEqual(exported.files, expected);

    const m1 = JSON.parse([...catalog.exportStructure({ repo: 'alice/m1', endpoint: remote.url }, heads.m1.slice(0, 10), () => remote.url)].join('')) as { branch: string; files: Record<string, { download_url: string }> };
    assert.equal(m1.branch, heads.m1.slice(0, 10));
    assert.equal(m1.files['docs/read me.md']?.download_url, `${remote.url}/alice/m1/resolve/${heads.m1}/docs/read%20me.md`);
    assert.throws(() => catalog.exportStructure({ repo: 'alice/m2' }, 'nope', () => remote.url), (error: unknown) => error instanceof AppError && error.code === 'RevisionNotFound');
  });
});
