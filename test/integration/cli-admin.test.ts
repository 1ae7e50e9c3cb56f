import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { openDatabase } from '../../src/main/db/index.js';
import { createStore } from '../../src/main/store/index.js';
import { ensureBuilt, runCli } from '../helpers/cli-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const author = { name: 'Alice', email: 'alice@example.com' };
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

before(() => ensureBuilt());

test('admin fsck reports a sound store and exits 1 when a content file is gone', async () => {
  const dataDir = tempDir();
  const db = openDatabase(join(dataDir, 'hubkeeper.db'));
  const store = createStore({ db, dataDir, lfsThreshold: 16 });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm', author });
  const commit = await store.commit({ repoId: repo.id, branch: 'main', title: 'w', author, operations: [{ type: 'add', path: 'w.bin', content: { data: Buffer.alloc(64, 1) } }] });
  const entry = store.getEntry(commit.commitOid, 'w.bin');
  db.close();
  assert.ok(entry?.type === 'file' && entry.lfs);

  const ok = await runCli(['admin', 'fsck', '--data', dataDir]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^checked 2 commits, 2 trees, 2 blobs, 1 content files re-hashed$/m);

  unlinkSync(join(dataDir, 'blobs', 'sha256', entry.lfs.oid.slice(0, 2), entry.lfs.oid.slice(2, 4), entry.lfs.oid));
  const broken = await runCli(['admin', 'fsck', '--data', dataDir]);
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, new RegExp(`problem: missing content file ${entry.lfs.oid}`));
});

test('admin fsck finds objects that do not hash to their ids, a corrupt content file, a dangling ref and temp files left behind', async () => {
  const dataDir = tempDir();
  const db = openDatabase(join(dataDir, 'hubkeeper.db'));
  const store = createStore({ db, dataDir, lfsThreshold: 16 });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm', author });
  const commit = await store.commit({
    repoId: repo.id, branch: 'main', title: 'w', author,
    operations: [
      { type: 'add', path: 'w.bin', content: { data: Buffer.alloc(64, 1) } },
      { type: 'add', path: 'a.txt', content: { data: Buffer.from('a') } },
    ],
  });
  const weights = store.getEntry(commit.commitOid, 'w.bin');
  const small = store.getEntry(commit.commitOid, 'a.txt');
  assert.ok(weights?.type === 'file' && weights.lfs && small?.type === 'file');
  db.prepare('UPDATE git_blob_contents SET content = ? WHERE oid = ?').run(Buffer.from('b'), small.oid);
  db.pragma('foreign_keys = OFF'); // a damaged database: the schema itself forbids a dangling ref
  db.prepare("UPDATE refs SET commit_oid = ? WHERE name = 'refs/heads/main'").run('0'.repeat(40));
  db.prepare("INSERT INTO refs (repo_id, name, commit_oid) VALUES (?, 'refs/tags/v1', ?)").run(repo.id, commit.commitOid);
  db.close();
  const weightsFile = join(dataDir, 'blobs', 'sha256', weights.lfs.oid.slice(0, 2), weights.lfs.oid.slice(2, 4), weights.lfs.oid);
  writeFileSync(weightsFile, Buffer.alloc(64, 2));
  mkdirSync(join(dataDir, 'tmp', 'multipart'), { recursive: true });
  writeFileSync(join(dataDir, 'tmp', 'multipart', 'abc'), 'part');

  const broken = await runCli(['admin', 'fsck', '--data', dataDir]);
  assert.equal(broken.code, 1, broken.stderr);
  const problems = broken.stdout.split('\n').filter((line) => line.startsWith('problem: ')).sort();
  assert.deepEqual(problems, [
    `problem: blob ${small.oid} (stored in the database) does not hash to its id`,
    `problem: content file ${weights.lfs.oid} is corrupt (its bytes hash to ${sha256(Buffer.alloc(64, 2))})`,
    `problem: ref refs/heads/main of model alice/m points at a missing commit ${'0'.repeat(40)}`,
    'problem: temp file tmp/multipart/abc left by an unfinished write',
  ]);
});

test('admin gc frees content that no ref reaches any more', async () => {
  const dataDir = tempDir();
  const db = openDatabase(join(dataDir, 'hubkeeper.db'));
  const store = createStore({ db, dataDir, lfsThreshold: 16 });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm', author });
  await store.commit({ repoId: repo.id, branch: 'main', title: 'w', author, operations: [{ type: 'add', path: 'w.bin', content: { data: Buffer.alloc(64, 1) } }] });
  await store.commit({ repoId: repo.id, branch: 'main', title: 'rm', author, operations: [{ type: 'delete', path: 'w.bin' }] });
  store.squash(repo.id, 'main', author);
  db.close();

  const kept = await runCli(['admin', 'gc', '--data', dataDir]);
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(kept.stdout, /and 0 content files \(0 bytes freed\)/, 'the default grace period spares recent content');

  // A git push in flight (this process, alive) holds the store: nothing goes until it is older than the grace period.
  const pushDb = openDatabase(join(dataDir, 'hubkeeper.db'));
  createStore({ db: pushDb, dataDir, lfsThreshold: 16 }).holdForPush();
  pushDb.close();
  const held = await runCli(['admin', 'gc', '--data', dataDir, '--grace-seconds', '3600']);
  assert.equal(held.code, 0, held.stderr);
  assert.equal(held.stdout, 'removed nothing: a git push is receiving objects; run it again once the push has finished\n');

  const freed = await runCli(['admin', 'gc', '--data', dataDir, '--grace-seconds', '0']);
  assert.equal(freed.code, 0, freed.stderr);
  assert.match(freed.stdout, /^removed 3 commits, \d+ trees, \d+ blobs, 0 annotated tags and 1 content files \(64 bytes freed\)$/m);
});
