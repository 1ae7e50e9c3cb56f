import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloneUrl, cloneUrlWithToken } from './clone-url.js';

test('clone URLs follow the hub URL forms of each repo type', () => {
  assert.equal(cloneUrl('http://127.0.0.1:7870', 'model', 'alice/m1'), 'http://127.0.0.1:7870/alice/m1');
  assert.equal(cloneUrl('http://127.0.0.1:7870/', 'dataset', 'alice/d1'), 'http://127.0.0.1:7870/datasets/alice/d1');
  assert.equal(cloneUrl('http://[::1]:7870', 'space', 'alice/s1'), 'http://[::1]:7870/spaces/alice/s1');
  assert.equal(cloneUrlWithToken('http://127.0.0.1:7870', 'model', 'alice/m1'), 'http://git:<token>@127.0.0.1:7870/alice/m1');
});
