import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { DOWNLOAD_SESSION_WINDOW_MS } from './download-counter.js';
import { createStore } from './index.js';

const author = { name: 'Alice', email: 'alice@example.com' };

test('a session downloading many files counts once until it has been quiet for a window', () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  let now = 1_000_000;
  const store = createStore({ db, dataDir: dir, now: () => now });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });
  const other = store.createRepo({ type: 'model', namespace: 'alice', name: 'm2', author });

  assert.equal(store.countDownload(repo.id, '127.0.0.1 python'), true);
  for (let i = 0; i < 20; i++) {
    now += 60_000;
    assert.equal(store.countDownload(repo.id, '127.0.0.1 python'), false, 'a long snapshot stays one download');
  }
  assert.equal(store.countDownload(repo.id, '127.0.0.1 node'), true, 'another client is another download');
  assert.equal(store.countDownload(other.id, '127.0.0.1 python'), true, 'sessions are per repo');
  now += DOWNLOAD_SESSION_WINDOW_MS;
  assert.equal(store.countDownload(repo.id, '127.0.0.1 python'), true);
  assert.equal(store.downloadCount(repo.id), 3);
  assert.equal(store.downloadCount(other.id), 1);

  store.deleteRepo(other.id);
  now += DOWNLOAD_SESSION_WINDOW_MS;
  assert.equal(store.countDownload(other.id, 'late'), false, 'a deleted repo counts nothing and does not throw');
  db.close();
});
