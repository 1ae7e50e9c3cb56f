import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { BufferPool } from './buffer-pool.js';
import { ContentHash, THREAD_HASH_MIN_SIZE, transferHash } from './content-hash.js';
import { HashThread } from './hash-thread.js';
import { InOrderHasher } from './in-order-hasher.js';

async function hashShuffled(thread: HashThread | undefined, corrupt: boolean): Promise<{ inline: number; verified: Promise<void> }> {
  const data = randomBytes(THREAD_HASH_MIN_SIZE + 123);
  const path = join(tempDir(), 'file');
  await writeFile(path, Buffer.alloc(0));
  const handle = await open(path, 'r+');
  const hash = transferHash(createHash('sha256').update(data).digest('hex'), data.length, thread);
  const hasher = new InOrderHasher(hash, handle, new BufferPool(1024 * 1024));
  const block = 700 * 1024;
  const offsets: number[] = [];
  for (let at = 0; at < data.length; at += block) offsets.push(at);
  // A shuffled but deterministic order, with the first block somewhere in the middle.
  const order = offsets.map((at, i) => ({ at, key: (i * 7919) % offsets.length })).sort((a, b) => a.key - b.key);
  let inline = 0;
  for (const { at } of order) {
    const piece = Buffer.from(data.subarray(at, Math.min(data.length, at + block)));
    if (corrupt && at === offsets[offsets.length - 2]) piece[17] = (piece[17] as number) ^ 1;
    const hashed = hasher.offer(piece, at);
    await handle.write(piece, 0, piece.length, at);
    if (hashed) {
      inline++;
      await hashed;
    } else hasher.written(at, at + piece.length);
  }
  try {
    assert.equal(await hasher.finish(), data.length);
  } finally {
    await handle.close();
  }
  return { inline, verified: hash.verify('test') };
}

for (const threaded of [false, true]) {
  const where = threaded ? 'on the hashing thread' : 'inline';
  test(`blocks written out of order are hashed in order (${where}): from memory at the frontier, read back otherwise`, async () => {
    const thread = threaded ? new HashThread() : undefined;
    try {
      const { inline, verified } = await hashShuffled(thread, false);
      await verified;
      assert.ok(inline >= 1, 'the block at the frontier was hashed from memory');
    } finally {
      await thread?.close();
    }
  });

  test(`one flipped bit fails verification (${where})`, async () => {
    const thread = threaded ? new HashThread() : undefined;
    try {
      const { verified } = await hashShuffled(thread, true);
      await assert.rejects(verified, /test: the downloaded bytes hash to [0-9a-f]{64}, expected/);
    } finally {
      await thread?.close();
    }
  });
}

test('a wrong byte fails verification with both hashes in the message', () => {
  const data = Buffer.from('hello');
  const hash = new ContentHash(createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex'), data.length);
  hash.update(Buffer.from('hellp'));
  assert.throws(() => hash.verify('a.txt'), /a\.txt: the downloaded bytes hash to [0-9a-f]{40}, expected/);
});
