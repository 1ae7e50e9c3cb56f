import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionCookieDetails } from './session-cookie.js';

describe('sessionCookieDetails', () => {
  it('scopes the owner cookie to the core’s origin and the app API path, HttpOnly and SameSite=Strict', () => {
    const details = sessionCookieDetails('http://127.0.0.1:7870', { name: 'hubkeeper_session', value: 'abc.def', path: '/-/api/v1' });
    assert.deepEqual(details, {
      url: 'http://127.0.0.1:7870/-/api/v1',
      name: 'hubkeeper_session',
      value: 'abc.def',
      path: '/-/api/v1',
      httpOnly: true,
      secure: false,
      sameSite: 'strict',
    });
  });

  it('keeps an IPv6 core host and ignores any path of the core URL', () => {
    const details = sessionCookieDetails('http://[::1]:9000/-/ui/', { name: 's', value: 'v', path: '/-/api/v1' });
    assert.equal(details.url, 'http://[::1]:9000/-/api/v1');
  });
});
