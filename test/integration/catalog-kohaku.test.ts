import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFindQuery, type CatalogFile, type DiffFile } from '../../src/main/catalog/index.js';
import { AppError } from '../../src/shared/errors.js';
import { openTestCatalog } from '../helpers/catalog-setup.js';
import { lastInFirstOut, randomContent, sha256Hex } from '../helpers/download-fixtures.js';
import { startKohakuReplay, type ReplayFiles } from '../helpers/kohaku-replay.js';
import type { Cleanup } from '../helpers/start-server.js';

const weights = randomContent(5_000);
const shard = randomContent(3_000);
const files: ReplayFiles = {
  'config.json': { content: '{"model_type": "llama"}\n' },
  'README.md': { content: '---\nlicense: mit\n---\n# mini\n' },
  'model.safetensors': { content: weights, lfs: true },
  'gguf/mini-Q4_K_M.gguf': { content: shard, lfs: true },
  'tokenizer/tokenizer.json': { content: '{"version": "1.0"}\n' },
  'tokenizer/nested/merges.txt': { content: 'a b\nc d\n' },
};

/** What the catalog must answer for a KohakuHub file: its oid is the content's sha256 (KohakuHub's file record), LFS or not. */
function expected(repo: string, endpoint: string, commit: string, path: string, file: { content: string | Buffer; lfs?: boolean }): CatalogFile {
  const bytes = Buffer.from(file.content);
  const sha256 = sha256Hex(bytes);
  return { source: 'remote', repo, repoType: 'model', endpoint, revision: 'main', commit, path, size: bytes.length, oid: sha256, sha256: file.lfs === true ? sha256 : null };
}

function diffFile(path: string, file: { content: string | Buffer; lfs?: boolean }): DiffFile {
  const bytes = Buffer.from(file.content);
  return { path, size: bytes.length, oid: sha256Hex(bytes), sha256: file.lfs === true ? sha256Hex(bytes) : null };
}

async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  // Pages of 2 entries: the 6-file repo takes 3 pages, each named by KohakuHub's cursor link.
  const replay = await startKohakuReplay(t, {
    pageSize: 2,
    repos: [
      { type: 'model', id: 'kohaku/mini', files },
      { type: 'model', id: 'kohaku/undated', files: { 'a.txt': { content: 'a\n' } }, commitDateUnknown: true },
    ],
  });
  const { catalog } = await openTestCatalog(t, { prefix: 'hubkeeper-catalog-kohaku-' });
  return { replay, catalog };
}

describe('structure tracking of a KohakuHub-shaped remote (a replay of its documented API)', () => {
  it('tracks a repo with 64-hex commit ids, answers hashes and finds, and diffs after the remote moves on', async (t) => {
    const { replay, catalog } = await setup(t);
    const first = replay.head('model', 'kohaku/mini');
    assert.match(first, /^[0-9a-f]{64}$/);
    catalog.track({ endpoint: replay.url, repoType: 'model', repo: 'kohaku/mini', revision: 'main' });

    const [refreshed] = await catalog.refresh();
    assert.equal(refreshed?.status, 'updated', refreshed?.error ?? '');
    assert.equal(refreshed?.repo.commit, first);
    assert.equal(refreshed?.repo.files, Object.keys(files).length);
    assert.ok(replay.requests.some((request) => request.includes('cursor=')), 'the tree was read page by page through the Link cursor');

    for (const [path, file] of Object.entries(files)) {
      assert.deepEqual(catalog.fileHashes({ repo: 'kohaku/mini' }, path), expected('kohaku/mini', replay.url, first, path, file));
    }
    assert.equal(catalog.fileHashes({ repo: 'kohaku/mini' }, 'config.json', first.slice(0, 12)).commit, first, 'a prefix of a 64-hex commit names it');
    const mine = (path: string): CatalogFile => expected('kohaku/mini', replay.url, first, path, files[path] as { content: string | Buffer; lfs?: boolean });
    assert.deepEqual(catalog.find(parseFindQuery({ hash: sha256Hex(shard) })), [mine('gguf/mini-Q4_K_M.gguf')]);
    assert.deepEqual(catalog.find(parseFindQuery({ hash: sha256Hex(Buffer.from('a b\nc d\n')) })), [mine('tokenizer/nested/merges.txt')], 'a non-LFS file found by its sha256 oid');
    assert.deepEqual(catalog.find(parseFindQuery({ ext: 'gguf' })), [mine('gguf/mini-Q4_K_M.gguf')]);
    assert.deepEqual(catalog.find(parseFindQuery({ file: '**/*.json' })), [mine('config.json'), mine('tokenizer/tokenizer.json')]);

    // The remote moves on: one file changed, one renamed (same content), one removed, one added.
    const changedConfig = { content: '{"model_type": "llama", "hidden_size": 64}\n' };
    const added = { content: 'new\n' };
    const { 'README.md': readme, 'tokenizer/nested/merges.txt': merges, ...kept } = files;
    assert.ok(readme !== undefined && merges !== undefined);
    const second = replay.commit('model', 'kohaku/mini', { ...kept, 'config.json': changedConfig, 'tokenizer/merges.txt': merges, 'notes/new.txt': added });
    assert.match(second, /^[0-9a-f]{64}$/);

    const [moved] = await catalog.refresh({ repo: 'kohaku/mini' });
    assert.equal(moved?.status, 'updated', moved?.error ?? '');
    assert.equal(moved?.repo.commit, second);
    const diff = catalog.diff({ repo: 'kohaku/mini' }, first, second);
    assert.equal(diff.oldCommit, first);
    assert.equal(diff.newCommit, second);
    assert.deepEqual(diff.added, [diffFile('notes/new.txt', added)]);
    assert.deepEqual(diff.removed, [diffFile('README.md', readme)]);
    assert.deepEqual(diff.modified, [{ path: 'config.json', old: diffFile('config.json', files['config.json'] as { content: string }), new: diffFile('config.json', changedConfig) }]);
    assert.deepEqual(diff.renamed, [{ from: diffFile('tokenizer/nested/merges.txt', merges), to: diffFile('tokenizer/merges.txt', merges) }]);
    assert.deepEqual(catalog.diff({ repo: 'kohaku/mini' }, first.slice(0, 7), 'main').modified.map((file) => file.path), ['config.json']);

    replay.requests.length = 0;
    const [unchanged] = await catalog.refresh({ repo: 'kohaku/mini' });
    assert.equal(unchanged?.status, 'unchanged');
    assert.deepEqual(replay.requests, ['GET /api/models/kohaku/mini/revision/main?expand=sha'], 'an unchanged remote costs one request, asking for the commit only');
  });

  it('reads a revision answer whose commit date KohakuHub does not know (lastModified: null)', async (t) => {
    const { replay, catalog } = await setup(t);
    catalog.track({ endpoint: replay.url, repoType: 'model', repo: 'kohaku/undated', revision: 'main' });
    const [result] = await catalog.refresh();
    assert.equal(result?.error, null);
    assert.equal(result?.repo.commit, replay.head('model', 'kohaku/undated'));
    assert.equal(catalog.fileHashes({ repo: 'kohaku/undated' }, 'a.txt').oid, sha256Hex(Buffer.from('a\n')));
  });

  it('a repo or a revision the remote does not know fails with its one-line reason, keeping what was stored', async (t) => {
    const { replay, catalog } = await setup(t);
    catalog.track({ endpoint: replay.url, repoType: 'model', repo: 'kohaku/nope', revision: 'main' });
    catalog.track({ endpoint: replay.url, repoType: 'model', repo: 'kohaku/mini', revision: 'v9' });
    const results = await catalog.refresh();
    assert.deepEqual(
      results.map((result) => [result.repo.repo, result.status, result.error]),
      [
        ['kohaku/mini', 'failed', `kohaku/mini@v9 on ${replay.url}: Revision 'v9' not found in repository 'kohaku/mini'`],
        ['kohaku/nope', 'failed', `kohaku/nope@main on ${replay.url}: Repository 'kohaku/nope' (model) not found`],
      ],
    );
    assert.throws(
      () => catalog.fileHashes({ repo: 'kohaku/nope' }, 'config.json'),
      (error: unknown) => error instanceof AppError && error.code === 'RevisionNotFound' && /no structure yet/.test(error.message),
    );
  });
});
