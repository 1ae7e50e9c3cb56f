import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openDatabase } from '../db/index.js';
import { StoreBatch } from './store-batch.js';

test('the writes of refreshes listing at once are committed together once all are in; one failing fails alone', async () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  db.exec('CREATE TABLE t (x INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
  const count = (): number => db.prepare<[], number>('SELECT count(*) FROM t').pluck().get() ?? 0;
  const batch = new StoreBatch(db);
  batch.enter();
  batch.enter();
  batch.enter();
  let firstDone = false;
  const first = batch.submit(() => void insert.run(1)).then(() => (firstDone = true));
  const failing = batch.submit(() => {
    insert.run(2);
    throw new Error('this one fails');
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(firstDone, false);
  assert.equal(count(), 0);
  batch.leave(); // the third refresh stops without a write: the other two are stored now
  await first;
  await assert.rejects(failing, /this one fails/);
  assert.deepEqual(db.prepare('SELECT x FROM t').pluck().all(), [1]);

  // A write left waiting by a long listing is stored on its own after a moment.
  batch.enter();
  batch.enter();
  await batch.submit(() => void insert.run(3));
  assert.equal(count(), 2);
  batch.leave();
  db.close();
});
