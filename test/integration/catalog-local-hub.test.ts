import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseFindQuery, type Catalog, type CatalogFile } from '../../src/main/catalog/index.js';
import { DATABASE_FILE } from '../../src/main/db/index.js';
import { AppError } from '../../src/shared/errors.js';
import { openTestCatalog } from '../helpers/catalog-setup.js';
import { lastInFirstOut, randomContent } from '../helpers/download-fixtures.js';
import { runHfApiSnippet } from '../helpers/python-hf.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const gitOid = (data: Buffer): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
const pointer = (data: Buffer): Buffer => Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(data)}\nsize ${data.length}\n`);

const weights = randomContent(200_000);
const config = Buffer.from('{"model_type": "llama"}\n');
const newConfig = Buffer.from('{"model_type": "mistral"}\n');

/** A running hub, and a catalog reading its database through a connection of its own (as the CLI does). */
async function setup(context: Cleanup): Promise<{ server: TestServer; catalog: Catalog; python: (code: string) => Promise<Record<string, unknown>> }> {
  const t = lastInFirstOut(context);
  const server = await startServer(t);
  await writeFile(join(server.dataDir, 'weights.bin'), weights);
  const { catalog } = await openTestCatalog(t, { dataDir: server.dataDir, databaseFile: DATABASE_FILE });
  const python = (code: string): Promise<Record<string, unknown>> =>
    runHfApiSnippet(server, code, { helpers: `from huggingface_hub import CommitOperationAdd, CommitOperationDelete\nimport base64\ndef b(s): return base64.b64decode(s)\nweights = open(${JSON.stringify(join(server.dataDir, 'weights.bin'))}, 'rb').read()` });
  return { server, catalog, python };
}

const b64 = (data: Buffer): string => data.toString('base64');
const local = { repo: 'alice/m1', endpoint: 'local' } as const;
const refsOf = (catalog: Catalog, repo = 'alice/m1'): Array<[string, string]> =>
  (catalog.list().find((tracked) => tracked.repo === repo && tracked.source === 'hub')?.refs ?? []).map((ref) => [ref.ref, ref.commit]);
const where = (files: readonly CatalogFile[]): Array<[string, string, string, string]> => files.map((file) => [file.repo, file.revision, file.commit, file.path]);

describe('the local hub in the catalog', () => {
  it('indexes each commit, branch, tag, pull request and move as it lands: find, fileHashes and diff need no refresh', async (t) => {
    const { catalog, python } = await setup(t);
    const first = await python(`
api.create_repo('alice/m1')
info = api.create_commit('alice/m1', operations=[CommitOperationAdd('config.json', b('${b64(config)}')), CommitOperationAdd('weights/model.safetensors', weights)], commit_message='add')
out['head'] = info.oid
`);
    const head = first.head as string;
    assert.deepEqual(catalog.fileHashes(local, 'weights/model.safetensors'), {
      source: 'hub', repo: 'alice/m1', repoType: 'model', endpoint: 'local', revision: 'main', commit: head, path: 'weights/model.safetensors',
      size: weights.length, oid: gitOid(pointer(weights)), sha256: sha256(weights),
    });
    assert.deepEqual(catalog.fileHashes(local, 'config.json'), { source: 'hub', repo: 'alice/m1', repoType: 'model', endpoint: 'local', revision: 'main', commit: head, path: 'config.json', size: config.length, oid: gitOid(config), sha256: null });
    assert.equal(catalog.list()[0]?.repo, 'alice/m1');
    assert.equal(catalog.list()[0]?.everyMs, null, 'never refreshed on a schedule');
    assert.deepEqual(await catalog.refresh(), [], 'indexed, never refreshed from a hub');
    assert.throws(() => catalog.untrack(local), (error: unknown) => error instanceof AppError && error.code === 'BadRequest' && /local hub/.test(error.message));

    const second = await python(`
api.create_branch('alice/m1', branch='dev')
api.create_tag('alice/m1', tag='v1')
info = api.create_commit('alice/m1', operations=[CommitOperationAdd('config.json', b('${b64(newConfig)}')), CommitOperationAdd('model.safetensors', weights), CommitOperationDelete('weights/model.safetensors')], commit_message='rework', revision='dev')
out['dev'] = info.oid
pr = api.create_pull_request('alice/m1', title='More notes')
pr_commit = api.create_commit('alice/m1', operations=[CommitOperationAdd('NOTES.md', b'notes\\n')], commit_message='notes', revision=pr.git_reference)
out['pr'] = pr_commit.oid
`);
    const dev = second.dev as string;
    assert.deepEqual(refsOf(catalog), [['dev', dev], ['main', head], ['refs/pr/1', second.pr as string], ['v1', head]]);
    assert.deepEqual(where(catalog.find(parseFindQuery({ hash: sha256(weights) }))), [
      ['alice/m1', 'dev', dev, 'model.safetensors'], ['alice/m1', 'main', head, 'weights/model.safetensors'],
      ['alice/m1', 'refs/pr/1', second.pr as string, 'weights/model.safetensors'], ['alice/m1', 'v1', head, 'weights/model.safetensors'],
    ]);
    assert.deepEqual(catalog.fileHashes(local, 'config.json', 'dev').oid, gitOid(newConfig), 'a branch by name');
    assert.deepEqual([catalog.fileHashes(local, 'config.json', 'v1').revision, catalog.fileHashes(local, 'config.json', 'v1').oid], ['v1', gitOid(config)], 'a tag by name');
    const diff = catalog.diff(local, 'main', 'dev');
    assert.deepEqual(diff.modified.map((file) => [file.path, file.old.oid, file.new.oid]), [['config.json', gitOid(config), gitOid(newConfig)]]);
    assert.deepEqual(diff.renamed.map((file) => [file.from.path, file.to.path]), [['weights/model.safetensors', 'model.safetensors']]);
    assert.deepEqual([diff.added, diff.removed], [[], []]);

    await python(`api.delete_branch('alice/m1', branch='dev')\napi.delete_tag('alice/m1', tag='v1')`);
    assert.deepEqual(refsOf(catalog), [['main', head], ['refs/pr/1', second.pr as string]]);
    assert.deepEqual(where(catalog.find(parseFindQuery({ name: 'model.safetensors' }))).map(([, ref]) => ref), ['main', 'refs/pr/1'], 'a deleted branch is no longer current');
    assert.deepEqual(catalog.diff(local, head, dev).modified.length, 1, 'its commit stays stored, so it can still be diffed');

    const squashed = await python(`api.super_squash_history('alice/m1')\nout['main'] = api.repo_info('alice/m1').sha`);
    assert.notEqual(squashed.main, head);
    assert.deepEqual(refsOf(catalog)[0], ['main', squashed.main as string], 'a squash moves main to a new commit');

    await python(`api.move_repo('alice/m1', 'alice/m2')`);
    assert.throws(() => catalog.fileHashes(local, 'config.json'), (error: unknown) => error instanceof AppError && error.code === 'RepoNotFound');
    assert.deepEqual(catalog.fileHashes({ repo: 'alice/m2', endpoint: 'local' }, 'config.json').oid, gitOid(config));
    assert.deepEqual(where(catalog.find(parseFindQuery({ ext: 'json' }))), [['alice/m2', 'main', squashed.main as string, 'config.json'], ['alice/m2', 'refs/pr/1', second.pr as string, 'config.json']]);

    await python(`api.delete_repo('alice/m2')`);
    assert.deepEqual(catalog.list(), []);
    assert.deepEqual(catalog.counts(), { repos: 0, revisions: 0, folders: 0, entries: 0 }, 'its folders go with it');
  });

  it('the index is written in the commit transaction: a commit whose indexing fails leaves neither the commit nor catalog rows', async (t) => {
    const { server, catalog, python } = await setup(t);
    const created = await python(`api.create_repo('alice/safe')\nout['head'] = api.repo_info('alice/safe').sha`);
    const before = catalog.counts();
    let failNext = true;
    // A second listener, called after the catalog's: its failure must undo the catalog's writes.
    server.core.store.onRefsChanged({
      refsChanged: () => {
        if (failNext) throw new Error('listener failed');
      },
      repoMoved: () => undefined,
      repoDeleted: () => undefined,
    });
    const repo = server.core.store.getRepo('model', 'alice', 'safe');
    await assert.rejects(
      server.core.store.commit({ repoId: repo.id, branch: 'main', title: 'add', author: { name: 'alice', email: 'a@b' }, operations: [{ type: 'add', path: 'a/b.txt', content: { data: new TextEncoder().encode('x\n') } }] }),
      /listener failed/,
    );
    assert.equal(server.core.store.resolveRevision(repo.id, 'main'), created.head, 'the branch did not move');
    assert.deepEqual(catalog.counts(), before, 'no catalog rows from the failed commit');
    failNext = false;
    await server.core.store.commit({ repoId: repo.id, branch: 'main', title: 'add', author: { name: 'alice', email: 'a@b' }, operations: [{ type: 'add', path: 'a/b.txt', content: { data: new TextEncoder().encode('x\n') } }] });
    assert.equal(catalog.fileHashes({ repo: 'alice/safe', endpoint: 'local' }, 'a/b.txt').oid, gitOid(Buffer.from('x\n')));
  });
});
