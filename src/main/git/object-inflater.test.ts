import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { ObjectInflater } from './object-inflater.js';

describe('ObjectInflater', () => {
  const body = Buffer.from('{"index": 1, "values": [1, 2, 3]}\n');
  const stream = deflateSync(body);
  const next = Buffer.from('the next object');

  it('gives the bytes and the compressed length when more of the pack follows', () => {
    const inflater = new ObjectInflater();
    for (let i = 0; i < 3; i++) {
      const { data, consumed } = inflater.inflate(Buffer.concat([stream, next]), body.length);
      assert.deepEqual(data, body);
      assert.equal(consumed, stream.length);
    }
  });

  it('refuses a stream larger or smaller than declared, cut short, or corrupt, and inflates the next one after', () => {
    const inflater = new ObjectInflater();
    const corrupt = Buffer.from(stream);
    corrupt[4] = (corrupt[4] as number) ^ 0xff;
    const checksum = Buffer.from(stream);
    checksum[checksum.length - 1] = (checksum[checksum.length - 1] as number) ^ 1;
    for (const [input, size] of [
      [stream, body.length - 1],
      [stream, body.length + 1],
      [stream.subarray(0, stream.length - 3), body.length],
      [corrupt, body.length],
      [checksum, body.length],
      [next, body.length],
    ] as const) {
      assert.throws(() => inflater.inflate(input, size));
      assert.deepEqual(inflater.inflate(stream, body.length).data, body);
    }
  });

  it('inflates an object past the reused stream size through inflateSync', () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const { data, consumed } = new ObjectInflater().inflate(Buffer.concat([deflateSync(big), next]), big.length);
    assert.equal(data.length, big.length);
    assert.ok(data.equals(big));
    assert.equal(consumed, deflateSync(big).length);
  });

  it('keeps returned objects intact while later ones are inflated', () => {
    const inflater = new ObjectInflater();
    const first = inflater.inflate(stream, body.length).data;
    for (let i = 0; i < 100; i++) inflater.inflate(deflateSync(Buffer.alloc(1000, i)), 1000);
    assert.deepEqual(first, body);
  });
});
