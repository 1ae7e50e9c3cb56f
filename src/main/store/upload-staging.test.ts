import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { AppError } from '../../shared/errors.js';
import { BlobStore } from './blob-store.js';
import { UploadStaging } from './upload-staging.js';

function setup() {
  const dir = tempDir();
  const blobs = new BlobStore(dir);
  return { dir, blobs, uploads: new UploadStaging(dir, blobs) };
}

function once(data: Buffer): AsyncIterable<Uint8Array> {
  return Readable.from([data]);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('UploadStaging', () => {
  it('keeps one signing key per data dir, readable by its owner only', () => {
    const { dir, blobs, uploads } = setup();
    const key = uploads.signingKey();
    assert.equal(key.length, 32);
    assert.deepEqual(new UploadStaging(dir, blobs).signingKey(), key);
    const mode = statSync(join(dir, 'upload-url.key')).mode & 0o777;
    if (process.platform !== 'win32') assert.equal(mode, 0o600);
  });

  it('replaces a signing key file a crash left empty, and keeps a whole one', () => {
    const { dir, blobs } = setup();
    writeFileSync(join(dir, 'upload-url.key'), '');
    const key = new UploadStaging(dir, blobs).signingKey();
    assert.equal(key.length, 32);
    assert.match(readFileSync(join(dir, 'upload-url.key'), 'utf8'), /^[0-9a-f]{64}\n$/);
    assert.deepEqual(new UploadStaging(dir, blobs).signingKey(), key);
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  });

  it('assembles parts written in any order into a blob, and cleans up', async () => {
    const { blobs, uploads } = setup();
    const data = Buffer.from('0123456789abcdefghij');
    const id = uploads.newUploadId();
    await uploads.writePart(id, 10, 10, once(data.subarray(10)));
    await uploads.writePart(id, 0, 10, once(data.subarray(0, 10)));
    const written = await uploads.complete(id, { sha256: sha256(data), size: data.length });
    assert.equal(written.sha256, sha256(data));
    assert.ok(blobs.has(sha256(data)));
    assert.deepEqual(readdirSync(join(blobs.tempDir, 'multipart')), []);
  });

  it('writes parts that arrive in many small chunks, across several large writes, byte for byte', async () => {
    const { blobs, uploads } = setup();
    const partSize = 5 * 1024 * 1024 + 3;
    const data = Buffer.alloc(2 * partSize);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, Math.min(i, data.length - 4));
    const chunked = (part: Buffer) => {
      const chunks: Buffer[] = [];
      for (let at = 0, n = 0; at < part.length; n++) {
        const size = [65536, 1, 16384, 4093][n % 4] as number;
        chunks.push(part.subarray(at, at + size));
        at += size;
      }
      return Readable.from(chunks);
    };
    const id = uploads.newUploadId();
    await uploads.writePart(id, partSize, partSize, chunked(data.subarray(partSize)));
    await uploads.writePart(id, 0, partSize, chunked(data.subarray(0, partSize)));
    const written = await uploads.complete(id, { sha256: sha256(data), size: data.length });
    assert.equal(written.sha256, sha256(data));
    assert.ok(blobs.has(sha256(data)));
  });

  it('stores nothing when the parts do not hash to the oid, or some are missing', async () => {
    const { blobs, uploads } = setup();
    const data = Buffer.from('0123456789abcdefghij');
    const wrong = uploads.newUploadId();
    await uploads.writePart(wrong, 0, 10, once(Buffer.from('XXXXXXXXXX')));
    await uploads.writePart(wrong, 10, 10, once(data.subarray(10)));
    await assert.rejects(uploads.complete(wrong, { sha256: sha256(data), size: 20 }), (error) => error instanceof AppError && error.status === 422);
    const partial = uploads.newUploadId();
    await uploads.writePart(partial, 0, 10, once(data.subarray(0, 10)));
    await assert.rejects(uploads.complete(partial, { sha256: sha256(data), size: 20 }), (error) => error instanceof AppError && error.status === 422);
    await assert.rejects(uploads.complete(uploads.newUploadId(), { sha256: sha256(data), size: 20 }), (error) => error instanceof AppError && error.status === 422);
    assert.equal(blobs.has(sha256(data)), false);
    assert.deepEqual(readdirSync(join(blobs.tempDir, 'multipart')), []);
  });

  it('refuses parts of the wrong length and malformed upload ids', async () => {
    const { uploads } = setup();
    const id = uploads.newUploadId();
    await assert.rejects(uploads.writePart(id, 0, 10, once(Buffer.alloc(11))), (error) => error instanceof AppError && error.status === 422);
    await assert.rejects(uploads.writePart(id, 0, 10, once(Buffer.alloc(9))), (error) => error instanceof AppError && error.status === 422);
    await assert.rejects(uploads.writePart('../../escape', 0, 1, once(Buffer.alloc(1))), (error) => error instanceof AppError && error.status === 400);
  });

  it('refuses to complete while a part is still arriving', async () => {
    const { uploads } = setup();
    const id = uploads.newUploadId();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield Buffer.alloc(5);
      await gate;
      yield Buffer.alloc(5);
    }
    const writing = uploads.writePart(id, 0, 10, slow());
    await assert.rejects(uploads.complete(id, { sha256: 'a'.repeat(64), size: 10 }), (error) => error instanceof AppError && error.status === 409);
    release();
    await writing;
  });
});
