import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { BufferPool } from './buffer-pool.js';
import { ContentHash } from './content-hash.js';
import { InOrderHasher } from './in-order-hasher.js';

test('blocks written out of order are hashed in order: inline at the frontier, read back otherwise', async () => {
  const data = randomBytes(10 * 1024 * 1024 + 123);
  const path = join(tempDir(), 'file');
  await writeFile(path, Buffer.alloc(0));
  const handle = await open(path, 'r+');
  const hash = new ContentHash(createHash('sha256').update(data).digest('hex'), data.length);
  const hasher = new InOrderHasher(hash, handle, new BufferPool(1024 * 1024));
  const block = 700 * 1024;
  const offsets: number[] = [];
  for (let at = 0; at < data.length; at += block) offsets.push(at);
  // A shuffled but deterministic order, with the first block somewhere in the middle.
  const order = offsets.map((at, i) => ({ at, key: (i * 7919) % offsets.length })).sort((a, b) => a.key - b.key);
  let inline = 0;
  for (const { at } of order) {
    const piece = data.subarray(at, Math.min(data.length, at + block));
    const hashed = hasher.offer(piece, at);
    await handle.write(piece, 0, piece.length, at);
    if (hashed) inline++;
    else hasher.written(at, at + piece.length);
  }
  assert.equal(await hasher.finish(), data.length);
  assert.doesNotThrow(() => hash.verify('test'));
  assert.ok(inline >= 1, 'the block at the frontier was hashed from memory');
  await handle.close();
});

test('a wrong byte fails verification with both hashes in the message', () => {
  const data = Buffer.from('hello');
  const hash = new ContentHash(createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex'), data.length);
  hash.update(Buffer.from('hellp'));
  assert.throws(() => hash.verify('a.txt'), /a\.txt: the downloaded bytes hash to [0-9a-f]{40}, expected/);
});
