import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenFromAuthorization } from './auth.js';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('tokenFromAuthorization', () => {
  it('reads Bearer tokens in any case of the scheme', () => {
    assert.equal(tokenFromAuthorization('Bearer hf_abc'), 'hf_abc');
    assert.equal(tokenFromAuthorization('bearer hf_abc'), 'hf_abc');
  });

  it('takes the Basic password as the token, whatever the user name', () => {
    assert.equal(tokenFromAuthorization(basic('alice:hf_abc')), 'hf_abc');
    assert.equal(tokenFromAuthorization(basic('x:hf_a:b')), 'hf_a:b');
  });

  it('falls back to the Basic user name when the password is empty', () => {
    assert.equal(tokenFromAuthorization(basic('hf_abc:')), 'hf_abc');
  });

  it('ignores other schemes and malformed headers', () => {
    assert.equal(tokenFromAuthorization(undefined), undefined);
    assert.equal(tokenFromAuthorization('Token hf_abc'), undefined);
    assert.equal(tokenFromAuthorization('Bearer'), undefined);
    assert.equal(tokenFromAuthorization(basic('no-colon')), undefined);
  });
});
