import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHostAllowed, isLoopbackHost } from './host-guard.js';

describe('isHostAllowed', () => {
  it('accepts loopback names with the bound port when bound to loopback', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'LocalHost:8080']) {
      assert.equal(isHostAllowed(host, '127.0.0.1', 8080), true, host);
      assert.equal(isHostAllowed(host, '::1', 8080), true, host);
      assert.equal(isHostAllowed(host, 'localhost', 8080), true, host);
    }
  });

  it('rejects other names, other ports and a missing Host', () => {
    for (const host of ['evil.example', 'evil.example:8080', 'localhost:8081', 'localhost', '127.0.0.2:8080', 'localhost.:8080', undefined, '']) {
      assert.equal(isHostAllowed(host, '127.0.0.1', 8080), false, String(host));
    }
  });

  it('accepts a bare name on port 80', () => {
    assert.equal(isHostAllowed('localhost', '127.0.0.1', 80), true);
  });

  it('accepts only the address itself when bound to a LAN address', () => {
    assert.equal(isHostAllowed('192.168.1.5:8080', '192.168.1.5', 8080), true);
    assert.equal(isHostAllowed('localhost:8080', '192.168.1.5', 8080), false);
  });

  it('accepts anything when bound to every interface', () => {
    assert.equal(isHostAllowed('my-box.lan:9', '0.0.0.0', 8080), true);
    assert.equal(isHostAllowed(undefined, '::', 8080), true);
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback spellings', () => {
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('127.1.2.3'), true);
    assert.equal(isLoopbackHost('::1'), true);
    assert.equal(isLoopbackHost('localhost'), true);
    assert.equal(isLoopbackHost('10.0.0.1'), false);
  });
});
