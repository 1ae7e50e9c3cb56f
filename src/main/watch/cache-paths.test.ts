import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheChangeAt, isIgnoredCachePath } from './cache-paths.js';

const root = '/home/ann/.cache/huggingface/hub';
const repo = `${root}/models--org--name`;

describe('isIgnoredCachePath', () => {
  it('lets chokidar watch the cache, its parent, repo folders, refs and the snapshots folder', () => {
    for (const path of ['/home/ann/.cache/huggingface', root, repo, `${repo}/refs`, `${repo}/refs/main`, `${repo}/refs/pr/1`, `${repo}/snapshots`]) {
      assert.equal(isIgnoredCachePath(root, path), false, path);
    }
  });

  it('leaves the inside of a revision to the plain folder watches', () => {
    assert.equal(isIgnoredCachePath(root, `${root}/datasets--d/snapshots/abc`), true);
    assert.equal(isIgnoredCachePath(root, `${repo}/snapshots/abc/sub`), true);
  });

  it('never watches blobs, snapshot files, locks, downloads in flight or anything beside the cache', () => {
    const skipped: [string, boolean | undefined][] = [
      [`${repo}/blobs`, true],
      [`${repo}/blobs/0123abcd`, false],
      [`${repo}/.no_exist`, true],
      [`${repo}/snapshots/abc/model.safetensors`, false],
      [`${repo}/snapshots/abc/sub/config.json`, false],
      [`${root}/.locks`, true],
      [`${root}/.locks/models--org--name/abc.lock`, false],
      [`${root}/version.txt`, false],
      [`${root}/models--org--name.lock`, false],
      ['/home/ann/.cache/huggingface/token', false],
      ['/home/ann/.cache/huggingface/hub-old', true],
      ['/etc', true],
    ];
    for (const [path] of skipped) assert.equal(isIgnoredCachePath(root, path), true, path);
  });
});

describe('cacheChangeAt', () => {
  it('names the repo folder a change belongs to', () => {
    assert.deepEqual(cacheChangeAt(root, `${repo}/refs/main`), { kind: 'repo', folder: 'models--org--name' });
    assert.deepEqual(cacheChangeAt(root, `${repo}/snapshots/abc/f.bin`), { kind: 'repo', folder: 'models--org--name' });
    assert.deepEqual(cacheChangeAt(root, repo), { kind: 'repo', folder: 'models--org--name' });
  });

  it('treats the cache folder coming or going as a change of everything', () => {
    assert.deepEqual(cacheChangeAt(root, root), { kind: 'cache' });
    assert.deepEqual(cacheChangeAt(root, '/home/ann/.cache/huggingface'), { kind: 'cache' });
  });

  it('ignores downloads in flight, locks, blobs and other files', () => {
    for (const path of [`${repo}/blobs/abc.incomplete`, `${repo}/blobs/abc`, `${repo}/snapshots/abc/f.incomplete`, `${root}/.locks/x.lock`, `${root}/version.txt`, '/home/ann/.cache/huggingface/token']) {
      assert.equal(cacheChangeAt(root, path), undefined, path);
    }
  });
});
