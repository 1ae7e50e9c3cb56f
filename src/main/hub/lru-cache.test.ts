import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruCache } from './lru-cache.js';

test('evicts the least recently used values once their total weight exceeds the limit', () => {
  const cache = new LruCache<string[]>(5, (value) => value.length);
  cache.set('a', ['1', '2']);
  cache.set('b', ['1', '2']);
  assert.deepEqual(cache.get('a'), ['1', '2']);
  cache.set('c', ['1', '2']);
  assert.equal(cache.get('b'), undefined, 'b was the least recently used');
  assert.deepEqual(cache.get('a'), ['1', '2']);
  assert.deepEqual(cache.set('huge', ['1', '2', '3', '4', '5', '6']), ['1', '2', '3', '4', '5', '6']);
  assert.equal(cache.get('huge'), undefined, 'a value heavier than the limit is not kept');
  assert.deepEqual(cache.get('c'), ['1', '2']);
});
