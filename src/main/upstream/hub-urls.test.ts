import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextLink, pyQuote, resolveUrl, treeUrl } from './hub-urls.js';

test('revisions are quoted with safe="" and paths with safe="/", as Python quotes them', () => {
  assert.equal(
    resolveUrl('http://h/', 'model', 'a/b', 'refs/pr/1', 'sub dir/w (1).bin'),
    'http://h/a/b/resolve/refs%2Fpr%2F1/sub%20dir/w%20%281%29.bin',
  );
  assert.equal(resolveUrl('http://h', 'dataset', 'a/d', 'main', 'x.csv'), 'http://h/datasets/a/d/resolve/main/x.csv');
  assert.equal(treeUrl('http://h', 'space', 'a/s', 'feat/x', 'sub/dir'), 'http://h/api/spaces/a/s/tree/feat%2Fx/sub%2Fdir');
  assert.equal(pyQuote("a!b'c*~_.-"), 'a%21b%27c%2A~_.-');
});

test('the next page comes from the rel="next" Link', () => {
  assert.equal(nextLink('<http://h/api/models/a/b/tree/main?cursor=x>; rel="next"'), 'http://h/api/models/a/b/tree/main?cursor=x');
  assert.equal(nextLink('<http://h/p1>; rel="prev", <http://h/p3>; rel="next"'), 'http://h/p3');
  assert.equal(nextLink('<http://h/p1>; rel="prev"'), undefined);
  assert.equal(nextLink(undefined), undefined);
});
