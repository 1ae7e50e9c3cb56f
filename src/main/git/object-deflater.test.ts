import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constants, inflateSync } from 'node:zlib';
import { ObjectDeflater } from './object-deflater.js';

describe('ObjectDeflater', () => {
  it('gives the header then one zlib stream of each body, for bodies of any size', () => {
    const deflater = new ObjectDeflater(constants.Z_BEST_SPEED);
    const prefix = Buffer.from([0x93, 0x05]);
    const random = Buffer.alloc(200_000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const bodies = [Buffer.alloc(0), Buffer.from('tree\n'), Buffer.alloc(70_000, 'a'), random, Buffer.alloc(2 * 1024 * 1024, 3), Buffer.from('after the big one')];
    for (const body of bodies) {
      const entry = deflater.deflate(prefix, body);
      assert.deepEqual(entry.subarray(0, prefix.length), prefix);
      assert.ok(inflateSync(entry.subarray(prefix.length)).equals(body));
    }
    deflater.close();
  });

  it('keeps earlier entries intact while later ones are written', () => {
    const deflater = new ObjectDeflater(constants.Z_BEST_SPEED);
    const first = deflater.deflate(Buffer.alloc(0), Buffer.from('first'));
    for (let i = 0; i < 50; i++) deflater.deflate(Buffer.from([i]), Buffer.alloc(500, i));
    assert.equal(inflateSync(first).toString(), 'first');
  });
});
