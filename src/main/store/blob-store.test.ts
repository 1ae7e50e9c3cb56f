import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { BlobStore } from './blob-store.js';
import { gitBlobOid } from './git-hash.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function chunked(data: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

test('stores content once under its sha256, across buffers, streams and files', async () => {
  const dir = tempDir();
  const store = new BlobStore(dir);
  const data = Buffer.alloc(9 * 1024 * 1024 + 17);
  for (let i = 0; i < data.length; i += 7) data[i] = i % 251;
  const fromBuffer = await store.putBuffer(data);
  const fromStream = await store.putStream(chunked(data, 65_536), { expectedSha256: sha256(data), expectedSize: data.length });
  const file = join(dir, 'input.bin');
  writeFileSync(file, data);
  const fromFile = await store.putFile(file, { gitOid: true });
  assert.equal(fromBuffer.sha256, sha256(data));
  assert.equal(fromStream.sha256, fromBuffer.sha256);
  assert.equal(fromFile.sha256, fromBuffer.sha256);
  assert.equal(fromFile.gitOid, gitBlobOid(data));
  assert.deepEqual(readFileSync(store.pathOf(fromBuffer.sha256)), data);
  const stored = [];
  for await (const blob of store.list()) stored.push(blob);
  assert.deepEqual(stored.map((b) => [b.sha256, b.size]), [[fromBuffer.sha256, data.length]]);
  assert.equal(await store.hashFile(store.pathOf(fromBuffer.sha256)), fromBuffer.sha256);
});

test('content that does not match the expected hash or size is refused and nothing is left behind', async () => {
  const dir = tempDir();
  const store = new BlobStore(dir);
  const data = Buffer.from('hello world');
  const isIntegrity = (error: unknown) => error instanceof AppError && error.code === 'IntegrityError';
  await assert.rejects(store.putStream(chunked(data, 3), { expectedSha256: '0'.repeat(64) }), isIntegrity);
  await assert.rejects(store.putStream(chunked(data, 3), { expectedSize: 5 }), isIntegrity);
  await assert.rejects(store.putStream(chunked(data, 3), { expectedSize: 50 }), isIntegrity);
  assert.equal(store.has(sha256(data)), false);
  assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
});

test('an aborted stream leaves no file', async () => {
  const dir = tempDir();
  const store = new BlobStore(dir);
  const controller = new AbortController();
  async function* source() {
    yield await Promise.resolve(Buffer.alloc(1000));
    controller.abort();
    yield Buffer.alloc(1000);
  }
  await assert.rejects(store.putStream(source(), { signal: controller.signal }));
  assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
  assert.deepEqual(readdirSync(store.root), []);
});

test('temp files of a crashed write are removed at start', () => {
  const dir = tempDir();
  const store = new BlobStore(dir);
  writeFileSync(join(store.tempDir, 'crashed.blob'), 'partial');
  assert.equal(store.cleanTemp(), 1);
  assert.deepEqual(readdirSync(store.tempDir), []);
});

test('small blobs of known size, many at once, and those just past the small block, store whole and verified', async () => {
  const store = new BlobStore(tempDir());
  const sizes = [0, 1, 4096, 65_537, 256 * 1024, 256 * 1024 + 1, 5 * 1024 * 1024 + 3];
  const blobs = Array.from({ length: 40 }, (_, i) => {
    const data = Buffer.alloc(sizes[i % sizes.length] as number);
    for (let j = 0; j < data.length; j += 13) data[j] = (i + j) % 253;
    return data;
  });
  const written = await Promise.all(
    blobs.map((data, i) => (i % 2 === 0
      ? store.putBuffer(data, { gitOid: true })
      : store.putStream(chunked(data, 16_384), { expectedSha256: sha256(data), expectedSize: data.length }))),
  );
  written.forEach((result, i) => {
    const data = blobs[i] as Buffer;
    assert.equal(result.sha256, sha256(data));
    assert.equal(result.size, data.length);
    assert.deepEqual(readFileSync(store.pathOf(result.sha256)), data);
  });
  await assert.rejects(
    store.putStream(chunked(Buffer.alloc(300 * 1024, 1), 16_384), { expectedSize: 1000 }),
    (error: unknown) => error instanceof AppError,
  );
});

test('a shared file (the HF cache\'s) is hashed while it is linked: bad content never enters the store, good content is one inode', async () => {
  const dir = tempDir();
  const store = new BlobStore(dir);
  const cacheBlob = join(dir, 'cache-blob');
  writeFileSync(cacheBlob, 'weights');
  await assert.rejects(store.putFile(cacheBlob, { share: true, expectedSha256: sha256(Buffer.from('other')) }), (error: unknown) => error instanceof AppError && error.code === 'IntegrityError');
  assert.equal(statSync(cacheBlob).nlink, 1, 'the refused link is gone');
  assert.equal(store.has(sha256(Buffer.from('weights'))), false);
  assert.deepEqual(readdirSync(store.tempDir), []);

  const placed = await store.putFile(cacheBlob, { share: true, expectedSha256: sha256(Buffer.from('weights')) });
  assert.equal(placed.method, 'hardlink');
  const stored = statSync(store.pathOf(placed.sha256));
  assert.equal(stored.ino, statSync(cacheBlob).ino);
  assert.equal(stored.nlink, 2);
  assert.equal(stored.mode & 0o777, 0o444);
  assert.equal((await store.putFile(cacheBlob, { share: true })).method, undefined, 'already stored: no new file');
  assert.equal(statSync(cacheBlob).nlink, 2);
});

test('adopts a verified download by hard link, once, leaving no temp file', async () => {
  const dir = tempDir();
  const store = new BlobStore(dir);
  const data = Buffer.from('verified bytes of a finished download');
  const file = join(dir, 'download.bin');
  writeFileSync(file, data);
  assert.equal(await store.adoptVerified(file, sha256(data)), 'hardlink');
  assert.equal(statSync(store.pathOf(sha256(data))).ino, statSync(file).ino, 'one inode: no copy');
  assert.deepEqual(readFileSync(store.pathOf(sha256(data))), data);
  assert.equal(await store.adoptVerified(file, sha256(data)), undefined, 'already stored: nothing placed');
  assert.deepEqual(readdirSync(store.tempDir), []);
});
