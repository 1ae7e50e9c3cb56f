import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExternalUrl, checkNoArguments, checkPickFolderRequest } from './bridge-requests.js';
import { isTrustedSender } from './reveal-path.js';

const core = 'http://127.0.0.1:8765';

describe('the bridge checks who calls', () => {
  it('answers only the core’s own pages', () => {
    assert.equal(isTrustedSender(`${core}/-/ui/#/settings`, core), true);
    for (const sender of ['http://127.0.0.1:8766/-/ui/', 'https://evil.example/', 'file:///tmp/x.html', 'data:text/html,hi', undefined]) {
      assert.equal(isTrustedSender(sender, core), false, String(sender));
    }
    assert.equal(isTrustedSender(`${core}/-/ui/`, undefined), false, 'before the core runs');
  });
});

describe('checkPickFolderRequest', () => {
  it('takes a title and an optional absolute folder', () => {
    assert.deepEqual(checkPickFolderRequest({ title: 'Move the cache to…' }), { ok: true, value: { title: 'Move the cache to…' } });
    assert.deepEqual(checkPickFolderRequest({ title: 'Pick', defaultPath: '/home/ann' }), { ok: true, value: { title: 'Pick', defaultPath: '/home/ann' } });
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      undefined,
      'Pick',
      [],
      { title: '' },
      { title: 'x'.repeat(201) },
      { title: 'a\nb' },
      { title: 'Pick', defaultPath: 'relative/dir' },
      { title: 'Pick', defaultPath: '/a\0b' },
      { title: 'Pick', defaultPath: 7 },
      { title: 'Pick', properties: ['openFile'] },
      Object.assign(Object.create({ inherited: true }) as object, { title: 'Pick' }),
    ];
    for (const value of bad) assert.equal(checkPickFolderRequest(value).ok, false, JSON.stringify(value));
  });
});

describe('checkExternalUrl', () => {
  it('opens https links in the browser', () => {
    assert.deepEqual(checkExternalUrl('https://huggingface.co/org/name', core), { ok: true, value: 'https://huggingface.co/org/name' });
  });

  it('refuses other schemes, credentials, the core itself and non-strings', () => {
    for (const value of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com/', `${core}/-/ui/`, 'hubkeeper://repo/models/a/b', 'not a url', '', 42, null]) {
      assert.equal(checkExternalUrl(value, core).ok, false, String(value));
    }
    assert.equal(checkExternalUrl(`https://example.com/${'a'.repeat(3000)}`, core).ok, false, 'too long');
  });
});

describe('checkNoArguments', () => {
  it('refuses arguments to calls that take none', () => {
    assert.equal(checkNoArguments([]).ok, true);
    assert.equal(checkNoArguments([{ force: true }]).ok, false);
  });
});
