import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLfsThreshold, formatBindAddress, parseBindAddress } from './server-settings.js';

function problemOf(text: string): string {
  const result = parseBindAddress(text);
  assert.equal(result.ok, false, `${text} should be refused`);
  return result.ok ? '' : result.problem;
}

describe('checkLfsThreshold', () => {
  it('accepts whole byte counts from 1 KiB to 1 GiB', () => {
    for (const value of [1024, 10 * 1024 * 1024, 1024 ** 3]) assert.deepEqual(checkLfsThreshold(value), { ok: true, value });
  });

  it('refuses fractions, non-numbers and values out of range, naming the range', () => {
    assert.deepEqual(checkLfsThreshold(1.5), { ok: false, problem: 'The LFS threshold must be a whole number of bytes' });
    assert.equal(checkLfsThreshold('2048').ok, false);
    assert.equal(checkLfsThreshold(Number.NaN).ok, false);
    const low = checkLfsThreshold(1023);
    assert.ok(!low.ok && /1,024 bytes \(1 KiB\) to 1,073,741,824 bytes \(1 GiB\)/.test(low.problem));
    assert.equal(checkLfsThreshold(1024 ** 3 + 1).ok, false);
  });
});

describe('parseBindAddress', () => {
  it('reads IPv4, bracketed IPv6 and host names with a port', () => {
    assert.deepEqual(parseBindAddress('127.0.0.1:7870'), { ok: true, value: { host: '127.0.0.1', port: 7870 } });
    assert.deepEqual(parseBindAddress(' 0.0.0.0:80 '), { ok: true, value: { host: '0.0.0.0', port: 80 } });
    assert.deepEqual(parseBindAddress('[::1]:7870'), { ok: true, value: { host: '::1', port: 7870 } });
    assert.deepEqual(parseBindAddress('[::ffff:10.0.0.1]:1'), { ok: true, value: { host: '::ffff:10.0.0.1', port: 1 } });
    assert.deepEqual(parseBindAddress('[fe80:0:0:0:0:0:0:1]:65535'), { ok: true, value: { host: 'fe80:0:0:0:0:0:0:1', port: 65535 } });
    assert.deepEqual(parseBindAddress('my-box.local:8080'), { ok: true, value: { host: 'my-box.local', port: 8080 } });
  });

  it('explains a missing or bad port', () => {
    assert.match(problemOf('127.0.0.1'), /needs a port/);
    assert.match(problemOf('127.0.0.1:0'), /port must be a whole number from 1 to 65535 \(got "0"\)/);
    assert.match(problemOf('127.0.0.1:70000'), /from 1 to 65535/);
    assert.match(problemOf('127.0.0.1:80a'), /from 1 to 65535/);
    assert.match(problemOf('localhost:'), /from 1 to 65535/);
  });

  it('explains a bad host', () => {
    assert.match(problemOf(':7870'), /needs a host/);
    assert.match(problemOf('::1:7870'), /IPv6 address in brackets, such as \[::1\]:7870/);
    assert.match(problemOf('[::g]:7870'), /not an IPv6 address/);
    assert.match(problemOf('[1::2::3]:7870'), /not an IPv6 address/);
    assert.match(problemOf('256.1.1.1:7870'), /neither an IP address nor a host name/);
    assert.match(problemOf('1.2.3:7870'), /neither an IP address nor a host name/);
    assert.match(problemOf('bad_host:7870'), /neither/);
    assert.match(problemOf('-dash.example:7870'), /neither/);
    assert.match(problemOf('http://x:7870'), /neither/);
  });

  it('formats an address back, with IPv6 in brackets', () => {
    assert.equal(formatBindAddress({ host: '127.0.0.1', port: 7870 }), '127.0.0.1:7870');
    assert.equal(formatBindAddress({ host: '::1', port: 7870 }), '[::1]:7870');
  });
});
