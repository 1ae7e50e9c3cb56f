import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { createUsersTable, openDatabase } from '../db/index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createStore } from './index.js';

const author = { name: 'Alice', email: 'alice@example.com' };

test('a like counts once per user, unlike removes it, and a deleted repo takes its likes along', () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  const users = createUsersTable(db);
  const alice = { id: users.insert({ name: 'alice', fullname: '', email: null, kind: 'user', createdAt: 0 }) };
  const bob = { id: users.insert({ name: 'bob', fullname: '', email: null, kind: 'user', createdAt: 0 }) };
  const store = createStore({ db, dataDir: dir });
  const m1 = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });
  const d1 = store.createRepo({ type: 'dataset', namespace: 'alice', name: 'd1', author });

  store.likes.like(m1.id, alice.id);
  store.likes.like(m1.id, alice.id);
  store.likes.like(m1.id, bob.id);
  store.likes.like(d1.id, alice.id);
  assert.equal(store.likes.count(m1.id), 2);
  assert.deepEqual(store.likes.likedBy(alice.id).map((like) => like.repo.fullName).sort(), ['alice/d1', 'alice/m1']);

  store.likes.unlike(m1.id, bob.id);
  store.likes.unlike(m1.id, bob.id);
  assert.equal(store.likes.count(m1.id), 1);
  assert.deepEqual(store.likes.likers(m1.id), [alice.id]);

  store.deleteRepo(d1.id);
  assert.deepEqual(store.likes.likedBy(alice.id).map((like) => like.repo.fullName), ['alice/m1']);
  db.close();
});
