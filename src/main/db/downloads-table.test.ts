import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createDownloadsTable } from './downloads-table.js';
import { openDatabase } from './open-database.js';

test('a transfer keeps its ranges and progress, is owned by one process at a time, and is replaced per target', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  const table = createDownloadsTable(db);
  const ranges = [
    { start: 0, end: 100, done: 0 },
    { start: 100, end: 150, done: 0 },
  ];
  const created = table.create({ targetPath: '/c/blobs/abc', incompletePath: '/c/blobs/abc.1234abcd.incomplete', etag: 'abc', size: 150, ranges }, 'p1', 1000);
  assert.equal(created.owner, 'p1');
  table.saveProgress(created.id, [{ start: 0, done: 60 }, { start: 100, done: 50 }], 2000);
  const found = table.find('/c/blobs/abc');
  assert.deepEqual(found?.ranges, [
    { start: 0, end: 100, done: 60 },
    { start: 100, end: 150, done: 50 },
  ]);
  assert.equal(found?.heartbeatAt, 2000);

  assert.equal(table.claim(created.id, null, 'p2', 3000), false, 'p1 still owns it');
  table.release(created.id);
  assert.equal(table.claim(created.id, null, 'p2', 3000), true);
  assert.equal(table.find('/c/blobs/abc')?.owner, 'p2');

  const replaced = table.create({ targetPath: '/c/blobs/abc', incompletePath: '/c/blobs/abc.ffffffff.incomplete', etag: 'abc', size: 150, ranges }, 'p3', 4000);
  assert.equal(table.list().length, 1);
  assert.equal(table.find('/c/blobs/abc')?.incompletePath, replaced.incompletePath);
  table.remove(replaced.id);
  assert.equal(table.find('/c/blobs/abc'), undefined);
  assert.deepEqual(db.prepare('SELECT count(*) AS n FROM download_ranges').get(), { n: 0 }, 'ranges go with their transfer');
  db.close();
});

test('a transfer keeps the hash checkpoint saved with its progress, and a new transfer of the target starts without one', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  const table = createDownloadsTable(db);
  const ranges = [{ start: 0, end: 1000, done: 0 }];
  const created = table.create({ targetPath: '/c/blobs/def', incompletePath: '/c/blobs/def.1.incomplete', etag: 'def', size: 1000, ranges }, 'p1', 1000);
  assert.equal(created.hashCheckpoint, undefined);
  const state = Uint8Array.from({ length: 40 }, (_, i) => i);
  table.saveProgress(created.id, [{ start: 0, done: 640 }], 2000, { position: 576, state });
  table.saveProgress(created.id, [{ start: 0, done: 700 }], 3000);
  assert.deepEqual(table.find('/c/blobs/def')?.hashCheckpoint, { position: 576, state });
  table.create({ targetPath: '/c/blobs/def', incompletePath: '/c/blobs/def.2.incomplete', etag: 'def', size: 1000, ranges }, 'p2', 4000);
  assert.equal(table.find('/c/blobs/def')?.hashCheckpoint, undefined);
  db.close();
});
