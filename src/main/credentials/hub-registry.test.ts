import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HubRegistry, normalizeEndpoint } from './hub-registry.js';

describe('normalizeEndpoint', () => {
  it('keeps http(s) base URLs without a trailing slash', () => {
    assert.equal(normalizeEndpoint(' https://hub.example.com/ '), 'https://hub.example.com');
    assert.equal(normalizeEndpoint('http://127.0.0.1:7870/mirror//'), 'http://127.0.0.1:7870/mirror');
  });

  it('refuses other schemes, credentials in the URL, queries and junk', () => {
    for (const bad of ['ftp://x', 'https://user:pw@x', 'https://x/?a=1', 'not a url']) {
      assert.throws(() => normalizeEndpoint(bad), { code: 'BadRequest' }, bad);
    }
  });
});

describe('HubRegistry', () => {
  it('keeps hubs and tokens in an owner-only file and never shows tokens', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'hubkeeper-hubs-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const registry = new HubRegistry(dir, [{ id: 'hf', name: 'Hugging Face', endpoint: 'https://huggingface.co', token: undefined }]);
    const mirror = registry.add({ name: 'Mirror', endpoint: 'http://mirror.lan:7870', token: 'hf_mirror_secret' });
    registry.update('hf', { name: 'ignored', endpoint: 'http://ignored', token: 'hf_default_token' });
    assert.deepEqual(registry.list(), [
      { id: 'hf', name: 'Hugging Face', endpoint: 'https://huggingface.co', hasToken: true },
      { id: mirror.id, name: 'Mirror', endpoint: 'http://mirror.lan:7870', hasToken: true },
    ]);
    assert.equal(registry.get(mirror.id).token, 'hf_mirror_secret');
    assert.equal(statSync(join(dir, 'remote-hubs.json')).mode & 0o777, 0o600);
    registry.update(mirror.id, { name: 'Mirror 2', endpoint: 'http://mirror.lan:7870' });
    assert.equal(registry.get(mirror.id).token, 'hf_mirror_secret', 'an omitted token is kept');
    registry.update(mirror.id, { name: 'Mirror 2', endpoint: 'http://mirror.lan:7870', token: '' });
    assert.equal(registry.get(mirror.id).token, undefined, 'an empty token removes it');
    assert.throws(() => registry.remove('hf'), { code: 'BadRequest' });
    registry.remove(mirror.id);
    assert.deepEqual(registry.list().map((hub) => hub.id), ['hf']);
    assert.ok(readFileSync(join(dir, 'remote-hubs.json'), 'utf8').includes('hf_default_token'));
  });

  it('binds a saved token to its origin: a new origin drops it, a new path or a new token keeps one', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'hubkeeper-hubs-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const registry = new HubRegistry(dir, []);
    const hub = registry.add({ name: 'Mirror', endpoint: 'https://mirror.lan/hub', token: 'hf_mirror_secret' });
    const samePlace = registry.update(hub.id, { name: 'Mirror', endpoint: 'https://mirror.lan/other' });
    assert.equal(samePlace.tokenDropped, false);
    assert.equal(registry.get(hub.id).token, 'hf_mirror_secret');
    for (const elsewhere of ['http://mirror.lan/other', 'https://mirror.lan:8443/other', 'https://evil.example/other']) {
      registry.update(hub.id, { name: 'Mirror', endpoint: 'https://mirror.lan/other', token: 'hf_mirror_secret' });
      const moved = registry.update(hub.id, { name: 'Mirror', endpoint: elsewhere });
      assert.deepEqual([moved.tokenDropped, moved.hasToken], [true, false], elsewhere);
      assert.equal(registry.get(hub.id).token, undefined, elsewhere);
      assert.equal(registry.tokenFor(elsewhere), undefined, elsewhere);
    }
    const withNewToken = registry.update(hub.id, { name: 'Mirror', endpoint: 'https://new.example', token: 'hf_new_secret' });
    assert.deepEqual([withNewToken.tokenDropped, withNewToken.hasToken], [false, true]);
    assert.equal(registry.tokenFor('https://new.example/'), 'hf_new_secret');
  });
});
