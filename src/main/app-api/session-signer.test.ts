import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { readCookie, sessionCookieHeader } from './cookies.js';
import { SessionSigner } from './session-signer.js';

describe('SessionSigner', () => {
  const signer = new SessionSigner(randomBytes(32));

  it('verifies what it signed until it expires', () => {
    const value = signer.sign({ kind: 'token', user: 'alice', tokenId: 3 }, 2000);
    assert.deepEqual(signer.verify(value, 1999), { kind: 'token', user: 'alice', tokenId: 3 });
    assert.equal(signer.verify(value, 2000), undefined);
  });

  it('rejects values signed with another key, tampered with, or malformed', () => {
    const other = new SessionSigner(randomBytes(32)).sign({ kind: 'owner' }, 5000);
    assert.equal(signer.verify(other, 0), undefined);
    const [body, mac] = signer.sign({ kind: 'owner' }, 5000).split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ v: 1, exp: 9e15, grant: { kind: 'owner' } })).toString('base64url');
    assert.equal(signer.verify(`${forged}.${mac}`, 0), undefined);
    for (const bad of ['', '.', 'abc', `${body}.`, `.${mac}`, `${body}.${mac}x`]) assert.equal(signer.verify(bad, 0), undefined, bad);
  });
});

describe('cookies', () => {
  it('reads one cookie among many', () => {
    assert.equal(readCookie('a=1; hubkeeper_session=abc.def; b=2', 'hubkeeper_session'), 'abc.def');
    assert.equal(readCookie('a=1', 'hubkeeper_session'), undefined);
    assert.equal(readCookie('hubkeeper_session=', 'hubkeeper_session'), undefined);
    assert.equal(readCookie(undefined, 'x'), undefined);
  });

  it('writes HttpOnly SameSite=Strict session cookies', () => {
    assert.equal(
      sessionCookieHeader('s', 'v', { maxAge: 60, path: '/-/api/v1' }),
      's=v; Path=/-/api/v1; Max-Age=60; HttpOnly; SameSite=Strict',
    );
  });
});
