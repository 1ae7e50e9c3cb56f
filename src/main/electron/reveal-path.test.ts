import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRevealRequest, isInsideRoots, isTrustedSender } from './reveal-path.js';

const roots = ['/home/ann/.local/share/hubkeeper', '/home/ann/.cache/huggingface/hub'];

describe('checkRevealRequest', () => {
  it('takes an absolute path, normalised', () => {
    assert.deepEqual(checkRevealRequest('/home/ann/.cache/huggingface/hub/models--a--b/./snapshots'), {
      ok: true,
      path: '/home/ann/.cache/huggingface/hub/models--a--b/snapshots',
    });
  });

  it('refuses anything that is not an absolute path', () => {
    for (const bad of [undefined, 42, '', 'relative/dir', 'a\0b', 'x'.repeat(5000), { path: '/' }]) {
      const result = checkRevealRequest(bad);
      assert.equal(result.ok, false, JSON.stringify(bad));
    }
    assert.deepEqual(checkRevealRequest('relative/dir'), { ok: false, problem: 'relative/dir is not an absolute path' });
  });
});

describe('isInsideRoots', () => {
  it('accepts the roots themselves and anything below them', () => {
    assert.equal(isInsideRoots('/home/ann/.local/share/hubkeeper', roots), true);
    assert.equal(isInsideRoots('/home/ann/.cache/huggingface/hub/models--a--b/snapshots/abc', roots), true);
    assert.equal(isInsideRoots('/home/ann/.cache/huggingface/hub/..hidden', roots), true);
  });

  it('refuses paths outside, including ones that climb out with .. or only share a prefix', () => {
    const outside = ['/home/ann', '/etc/passwd', '/home/ann/.cache/huggingface/hub/../token', '/home/ann/.cache/huggingface/hub-other/x', '/home/ann/.local/share/hubkeeper2'];
    for (const path of outside) assert.equal(isInsideRoots(path, roots), false, path);
    assert.equal(isInsideRoots('/anything', []), false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only frames of the core the window shows', () => {
    assert.equal(isTrustedSender('http://127.0.0.1:7870/-/ui/#/repo', 'http://127.0.0.1:7870'), true);
    assert.equal(isTrustedSender('http://127.0.0.1:7871/-/ui/', 'http://127.0.0.1:7870'), false);
    assert.equal(isTrustedSender('https://evil.example/', 'http://127.0.0.1:7870'), false);
    assert.equal(isTrustedSender(undefined, 'http://127.0.0.1:7870'), false);
    assert.equal(isTrustedSender('http://127.0.0.1:7870/-/ui/', undefined), false);
  });
});
