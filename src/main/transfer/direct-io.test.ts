import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { BufferPool } from './buffer-pool.js';
import { isDirectAligned, openDirect } from './direct-io.js';

test('pool blocks are shared, page-aligned memory up to the cap, ordinary buffers past it', () => {
  const pool = new BufferPool(1024 * 1024);
  const blocks = Array.from({ length: 65 }, () => pool.acquire());
  assert.ok(blocks.every((block) => block.buffer instanceof SharedArrayBuffer && block.length === 1024 * 1024));
  assert.equal(blocks.filter((block) => pool.isAligned(block)).length, 64, '64 MiB of aligned blocks');
  assert.equal(pool.isAligned(blocks[64] as Buffer), false);
  for (const block of blocks) pool.release(block);
  assert.equal(pool.isAligned(pool.acquire()), true, 'aligned blocks come back first and are never dropped');
});

test('a pool block written with O_DIRECT lands byte for byte, where the file system allows direct I/O', async () => {
  const path = join(tempDir(), 'partial');
  await (await open(path, 'w')).close();
  const direct = await openDirect(path);
  const flag = (constants as { O_DIRECT?: number }).O_DIRECT;
  if (direct === undefined) {
    // Then the platform or the file system must really refuse it (tmpfs does).
    await assert.rejects(async () => (await open(path, constants.O_WRONLY | (flag ?? Number.NaN))).close());
    return;
  }
  const pool = new BufferPool(1024 * 1024);
  const block = pool.acquire();
  randomFillSync(block);
  try {
    assert.ok(isDirectAligned(4096, block.length));
    const { bytesWritten } = await direct.write(block, 0, block.length, 4096);
    assert.equal(bytesWritten, block.length);
  } finally {
    await direct.close();
  }
  const content = await readFile(path);
  assert.equal(content.length, 4096 + block.length);
  assert.ok(content.subarray(4096).equals(block));
  assert.equal(isDirectAligned(4096 + 17, 4096), false);
  assert.equal(isDirectAligned(0, 1000), false);
});
