import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseByteSize } from './byte-size-input.js';

describe('parseByteSize', () => {
  it('reads plain bytes, with or without thousands separators', () => {
    assert.equal(parseByteSize('10485760'), 10_485_760);
    assert.equal(parseByteSize(' 10,485,760 '), 10_485_760);
    assert.equal(parseByteSize('10 485 760'), 10_485_760);
    assert.equal(parseByteSize('2048 B'), 2048);
  });

  it('reads decimal (kB, MB, GB) and binary (KiB, MiB, GiB, K, M, G) units, any case', () => {
    assert.equal(parseByteSize('10 MiB'), 10 * 1024 * 1024);
    assert.equal(parseByteSize('10mib'), 10 * 1024 * 1024);
    assert.equal(parseByteSize('5 MB'), 5_000_000);
    assert.equal(parseByteSize('1.5 KiB'), 1536);
    assert.equal(parseByteSize('512k'), 512 * 1024);
    assert.equal(parseByteSize('1 GiB'), 1024 ** 3);
    assert.equal(parseByteSize('1 gb'), 1e9);
  });

  it('is undefined for text that is not a whole number of bytes', () => {
    for (const text of ['', 'ten', '-5', '1.5', '1,5 MB', '10 MiBs', '0x400', '1.0000001 KiB']) {
      assert.equal(parseByteSize(text), undefined, text);
    }
  });
});
