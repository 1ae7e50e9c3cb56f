import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openDatabase } from './open-database.js';
import { ReadCache } from './read-cache.js';

test('a remembered read is answered again until this connection or another one changes the database', async () => {
  const file = join(tempDir(), 'hub.db');
  const db = openDatabase(file);
  const other = openDatabase(file);
  try {
    db.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)');
    db.prepare('INSERT INTO kv VALUES (?, ?)').run('a', 1);
    const cache = new ReadCache(db);
    const select = db.prepare<[string], number>('SELECT v FROM kv WHERE k = ?').pluck();
    let reads = 0;
    const read = (): number | undefined => cache.get('a', () => (reads++, select.get('a')));

    assert.equal(read(), 1);
    assert.equal(read(), 1);
    assert.equal(reads, 1, 'the second read came from memory');

    db.prepare('UPDATE kv SET v = 2 WHERE k = ?').run('a');
    assert.equal(read(), 2, 'a write on this connection is seen');

    other.prepare('UPDATE kv SET v = 3 WHERE k = ?').run('a');
    await sleep(5);
    assert.equal(read(), 3, 'a commit by another connection (a CLI command) is seen within a millisecond');
    assert.equal(reads, 3);
  } finally {
    other.close();
    db.close();
  }
});
