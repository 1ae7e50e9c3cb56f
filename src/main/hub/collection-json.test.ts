import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectionIdOfSlug, collectionSlug, itemIdJson, parseItemId } from './collection-json.js';

const publicId = '64f9a55bb3115b4f513ec026';

test('a slug is the owner, the title as lower-case words, and the id', () => {
  assert.equal(collectionSlug({ owner: 'alice', title: 'ICCV 2023', publicId }), `alice/iccv-2023-${publicId}`);
  assert.equal(collectionSlug({ owner: 'alice', title: '  Café: déjà vu!! ', publicId }), `alice/cafe-deja-vu-${publicId}`);
  assert.equal(collectionSlug({ owner: 'alice', title: '日本語', publicId }), `alice/${publicId}`, 'no latin letters: the id alone');
});

test('any slug ending in the id names the collection, whatever its title part', () => {
  assert.equal(collectionIdOfSlug(`iccv-2023-${publicId}`), publicId);
  assert.equal(collectionIdOfSlug(`an-old-title-${publicId.toUpperCase()}`), publicId);
  assert.equal(collectionIdOfSlug(publicId), publicId);
  assert.equal(collectionIdOfSlug('iccv-2023'), undefined);
  assert.equal(collectionIdOfSlug(`x${publicId}`), undefined);
});

test('item ids are 24 hex digits on the wire and read back', () => {
  assert.equal(itemIdJson(255), '0000000000000000000000ff');
  assert.equal(parseItemId(itemIdJson(255)), 255);
  assert.equal(parseItemId('not-hex'), undefined);
  assert.equal(parseItemId('f'.repeat(24)), undefined, 'too large to be ours');
});
