import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openDatabase } from '../db/index.js';
import { UpstreamClient } from '../upstream/index.js';
import { createStore } from '../store/index.js';
import { Catalog } from './catalog.js';
import { LocalHubIndex } from './local-hub-index.js';

const author = { name: 'alice', email: 'alice@example.com' };
const text = (value: string) => ({ data: new TextEncoder().encode(value) });

test('backfill catalogues repos committed while no index listened, once; repos deleted or moved meanwhile follow', async (t) => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  const client = new UpstreamClient({ retry: { retries: 0 } });
  t.after(async () => {
    await client.close();
    db.close();
  });
  const store = createStore({ db, dataDir: dir });
  const a = store.createRepo({ type: 'model', namespace: 'alice', name: 'a', author });
  const head = (await store.commit({ repoId: a.id, branch: 'main', title: 'add', author, operations: [{ type: 'add', path: 'sub/x.txt', content: text('x\n') }] })).commitOid;
  store.createTag(a.id, 'v1');
  const b = store.createRepo({ type: 'dataset', namespace: 'alice', name: 'b', author });

  const index = new LocalHubIndex({ db, store });
  assert.deepEqual(await index.backfill(), { repos: 2, indexed: 2, dropped: 0 });
  assert.deepEqual(await index.backfill(), { repos: 2, indexed: 0, dropped: 0 }, 'nothing to do the second time');
  const catalog = new Catalog({ db, client, tokens: () => undefined });
  assert.deepEqual(catalog.list().map((repo) => [repo.repo, repo.repoType, repo.source, repo.refs.map((ref) => [ref.ref, ref.commit])]), [
    ['alice/a', 'model', 'hub', [['main', head], ['v1', head]]],
    ['alice/b', 'dataset', 'hub', [['main', store.resolveRevision(b.id, 'main')]]],
  ]);

  store.createBranch(a.id, 'v1');
  await index.backfill();
  assert.deepEqual(catalog.list()[0]?.refs.map((ref) => ref.ref), ['main', 'refs/tags/v1', 'v1'], 'a tag named like a branch keeps its full name');

  store.deleteRepo(b.id);
  store.moveRepo(a.id, 'alice', 'a2');
  assert.deepEqual(await index.backfill(), { repos: 1, indexed: 1, dropped: 2 });
  assert.deepEqual(catalog.list().map((repo) => repo.repo), ['alice/a2']);
  assert.equal(catalog.fileHashes({ repo: 'alice/a2', endpoint: 'local' }, 'sub/x.txt').commit, head);
  // The root and sub/ of a2's commit; b's tree (.gitattributes only) is gone.
  assert.deepEqual(catalog.counts(), { repos: 1, revisions: 1, folders: 2, entries: 3 });
});
