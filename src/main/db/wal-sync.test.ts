import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { durableTransaction, openDatabase } from './open-database.js';
import { WalSync } from './wal-sync.js';

function setup() {
  const file = join(tempDir(), 'hub.db');
  const db = openDatabase(file, { synchronous: 'normal' });
  db.exec('CREATE TABLE t (v INTEGER)');
  const insert = db.prepare<[number]>('INSERT INTO t (v) VALUES (?)');
  return { db, file, insert, walSync: new WalSync(db, file) };
}

test('a connection opened with synchronous normal leaves fsync to WalSync; the default stays full', () => {
  const { db, file } = setup();
  assert.equal(db.pragma('synchronous', { simple: true }), 1);
  db.close();
  const full = openDatabase(file);
  assert.equal(full.pragma('synchronous', { simple: true }), 2);
  full.close();
});

test('a write is pending until a sync that began after it completes', async () => {
  const { db, insert, walSync } = setup();
  assert.equal(walSync.pending(), false);
  insert.run(1);
  assert.equal(walSync.pending(), true);
  const first = walSync.sync();
  // Committed while the first fsync may already run: it needs the next one.
  insert.run(2);
  const second = walSync.sync();
  assert.notEqual(first, second);
  assert.equal(walSync.sync(), second, 'callers waiting at the same time share one fsync');
  await first;
  await second;
  assert.equal(walSync.pending(), false);
  assert.deepEqual(db.prepare('SELECT v FROM t ORDER BY v').pluck().all(), [1, 2]);
  await walSync.sync();
  db.close();
});

test('a durable transaction commits with a full sync and restores the connection setting', () => {
  const { db, insert } = setup();
  assert.equal(durableTransaction(db, () => insert.run(3).changes), 1);
  assert.equal(db.pragma('synchronous', { simple: true }), 1);
  assert.throws(() => durableTransaction(db, () => {
    insert.run(4);
    throw new Error('rolled back');
  }), /rolled back/);
  assert.equal(db.pragma('synchronous', { simple: true }), 1);
  assert.deepEqual(db.prepare('SELECT v FROM t').pluck().all(), [3]);
  db.close();
});
