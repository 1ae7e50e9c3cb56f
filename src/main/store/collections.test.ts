import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { ALICE, tempStore } from '../../../test/helpers/temp-store.js';
import { CollectionExistsError } from './index.js';

const author = ALICE;

function setup() {
  const store = tempStore();
  const repos = ['a', 'b', 'c'].map((name) => store.createRepo({ type: 'model', namespace: 'alice', name, author }));
  return { store, repos };
}

const isCode = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

describe('collections', () => {
  test('items keep positions 0..n-1 when one moves or leaves, and a deleted repo leaves every collection', () => {
    const { store, repos } = setup();
    const collection = store.collections.create({ owner: 'alice', title: 'Picks', private: false });
    const items = repos.map((repo) => store.collections.addItem(collection.id, { repoId: repo.id }, undefined));
    const order = () => store.collections.itemsOf(collection.id).map((item) => [item.id, item.position]);
    store.collections.updateItem(collection.id, (items[2] as { id: number }).id, { position: 0 });
    assert.deepEqual(order(), [[items[2]?.id, 0], [items[0]?.id, 1], [items[1]?.id, 2]]);
    store.collections.updateItem(collection.id, (items[2] as { id: number }).id, { position: 99 });
    assert.deepEqual(order(), [[items[0]?.id, 0], [items[1]?.id, 1], [items[2]?.id, 2]], 'a position past the end moves it last');
    store.collections.deleteItem(collection.id, (items[0] as { id: number }).id);
    assert.deepEqual(order(), [[items[1]?.id, 0], [items[2]?.id, 1]]);
    store.deleteRepo((repos[1] as { id: number }).id);
    assert.deepEqual(store.collections.itemsOf(collection.id).map((item) => item.target), [{ repoId: repos[2]?.id }]);
  });

  test('an item is held once, a collection cannot hold itself, and titles are unique per owner whatever their case', () => {
    const { store, repos } = setup();
    const first = store.collections.create({ owner: 'alice', title: 'Picks', private: false });
    const repoId = (repos[0] as { id: number }).id;
    store.collections.addItem(first.id, { repoId }, 'note');
    assert.throws(() => store.collections.addItem(first.id, { repoId }, undefined), isCode('Conflict'));
    assert.throws(() => store.collections.addItem(first.id, { collectionId: first.id }, undefined), isCode('BadRequest'));
    assert.throws(
      () => store.collections.create({ owner: 'alice', title: 'PICKS', private: true }),
      (error: unknown) => error instanceof CollectionExistsError && error.existing.id === first.id,
    );
    const other = store.collections.create({ owner: 'bob', title: 'Picks', private: false });
    assert.notEqual(other.publicId, first.publicId);
    const second = store.collections.create({ owner: 'alice', title: 'More', private: false });
    assert.throws(() => store.collections.update(second.id, { title: 'picks' }), isCode('Conflict'));
    assert.equal(store.collections.update(second.id, { title: 'MORE' }).title, 'MORE', 'a new case of its own title is fine');
  });

  test('a collection moves among its owner\'s, and deleting one closes the gap', () => {
    const { store } = setup();
    const [a, b, c] = ['A', 'B', 'C'].map((title) => store.collections.create({ owner: 'alice', title, private: false }));
    const positions = () => [a, b, c].flatMap((x) => (x && store.collections.find(x.publicId) ? [[x.title, store.collections.byId(x.id).position]] : []));
    assert.deepEqual(positions(), [['A', 0], ['B', 1], ['C', 2]]);
    store.collections.update((c as { id: number }).id, { position: 0 });
    assert.deepEqual(positions(), [['A', 1], ['B', 2], ['C', 0]]);
    store.collections.delete((a as { id: number }).id);
    assert.deepEqual(positions(), [['B', 1], ['C', 0]]);
  });
});
