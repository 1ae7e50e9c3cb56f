import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createCatalogFoldersTable, createCatalogReposTable, openDatabase, type Db } from '../db/index.js';
import { catchUpDuplicatesInThread } from './duplicates-catch-up-thread.js';

const oid = (char: string): string => char.repeat(40);

/** Two tracked repos holding one content each once: one duplicate, not yet counted. */
function twoReposSharingAFile(db: Db): void {
  const folders = createCatalogFoldersTable(db);
  const repos = createCatalogReposTable(db);
  for (const [name, files] of [['a', { 'x.txt': oid('1'), 'y.txt': oid('2') }], ['b', { 'copy-of-x.txt': oid('1') }]] as const) {
    const root = folders.insert(`digest-${name}`, Object.entries(files).map(([file, hash]) => ({ name: file, child: null, size: 7, oid: hash, lfs_sha256: null, lfs_size: null })));
    const repo = repos.add({ source: 'remote', endpoint: 'https://hub.example', type: 'model', repoId: `alice/${name}`, revision: 'main', everyMs: null, now: 1 });
    repos.addRevision({ repo, commit: `c-${name}`, rootFolder: root, files: Object.keys(files).length, totalSize: 7, now: 1 });
    repos.markChecked(repo, new Map([['main', `c-${name}`]]), 1);
  }
}

const keptAnswer = (db: Db): { revisions: string | null; count: number } =>
  db.prepare<[], { revisions: string | null; count: number }>('SELECT revisions, count FROM catalog_duplicates_state WHERE id = 1').get() ?? { revisions: null, count: -1 };

test('duplicates catch-up thread: the kept answer is brought up to date by a connection of its own, the caller thread left free', async () => {
  const db = openDatabase(join(tempDir(), 'catalog.db'));
  twoReposSharingAFile(db);
  assert.equal(keptAnswer(db).revisions, null, 'nothing counted before the catch-up');
  let timerRan = false;
  setImmediate(() => (timerRan = true));
  const error = await catchUpDuplicatesInThread(db, () => assert.fail('a database file is caught up on the thread, not here'));
  assert.equal(error, null);
  assert.equal(timerRan, true, 'this thread ran other work meanwhile');
  const kept = keptAnswer(db);
  assert.notEqual(kept.revisions, null, 'the two revisions are counted');
  assert.equal(kept.count, 1, 'one content held twice');
  db.close();
});

test('duplicates catch-up thread: an in-memory database is caught up at once on the calling thread', async () => {
  const db = openDatabase(':memory:');
  let ranHere = 0;
  assert.equal(await catchUpDuplicatesInThread(db, () => (ranHere += 1)), null);
  assert.equal(ranHere, 1);
  db.close();
});

test('duplicates catch-up thread: a catch-up that cannot get the write lock says why, and throws nothing', async () => {
  const db = openDatabase(join(tempDir(), 'catalog.db'));
  twoReposSharingAFile(db);
  // Held for writing by this connection: the thread waits its busy timeout, then says why it gave up.
  db.exec('BEGIN IMMEDIATE');
  const error = await catchUpDuplicatesInThread(db, () => assert.fail('not here'));
  db.exec('ROLLBACK');
  assert.match(error ?? '', /locked|busy/i);
  db.close();
});
