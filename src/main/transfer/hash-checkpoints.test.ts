import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { transferHash } from './content-hash.js';
import { HashCheckpoints, contiguousDone } from './hash-checkpoints.js';
import { HashThread } from './hash-thread.js';

const MiB = 1024 * 1024;

describe('contiguousDone', () => {
  it('counts bytes on disk from the start up to the first gap', () => {
    assert.equal(contiguousDone([]), 0);
    assert.equal(contiguousDone([{ start: 0, end: 10, done: 4 }]), 4);
    assert.equal(contiguousDone([{ start: 10, end: 20, done: 10 }, { start: 0, end: 10, done: 10 }]), 20);
    assert.equal(contiguousDone([{ start: 0, end: 10, done: 10 }, { start: 10, end: 20, done: 3 }, { start: 20, end: 30, done: 10 }]), 13);
    assert.equal(contiguousDone([{ start: 0, end: 10, done: 0 }, { start: 10, end: 20, done: 10 }]), 0);
  });
});

describe('resumable hash checkpoints', () => {
  it('saves sha256 states on this platform (the native helper is built)', { skip: process.platform !== 'linux' }, () => {
    assert.equal(HashThread.resumable, true);
  });

  it('only offers a snapshot once its bytes were synced, and a hash resumed from it gives the whole file digest', { skip: !HashThread.resumable }, async (t) => {
    const thread = new HashThread();
    t.after(() => thread.close());
    const content = randomBytes(40 * MiB + 123);
    const etag = createHash('sha256').update(content).digest('hex');
    const first = transferHash(etag, content.length, thread);
    const shared = new Uint8Array(new SharedArrayBuffer(content.length));
    shared.set(content);
    const cut = 24 * MiB;
    await first.update(shared.subarray(0, cut));
    const checkpoints = new HashCheckpoints();
    await checkpoints.take(first, cut);
    checkpoints.synced(cut - 1);
    assert.equal(checkpoints.latest(), undefined, 'bytes not yet synced: no checkpoint');
    checkpoints.synced(cut);
    const saved = checkpoints.latest();
    assert.equal(saved?.position, cut);
    first.drop();

    const resumed = transferHash(etag, content.length, thread, saved?.state);
    await resumed.update(shared.subarray(cut));
    await resumed.verify('resumed');

    const tampered = Uint8Array.from(saved?.state ?? []);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    const wrong = transferHash(etag, content.length, thread, tampered);
    await wrong.update(shared.subarray(cut));
    await assert.rejects(wrong.verify('tampered'), (error: Error & { code?: string }) => error.code === 'IntegrityError');
  });

  it('has no snapshot between 64-byte boundaries', { skip: !HashThread.resumable }, async (t) => {
    const thread = new HashThread();
    t.after(() => thread.close());
    const hash = transferHash('0'.repeat(64), 64 * MiB, thread);
    await hash.update(new Uint8Array(100));
    assert.equal(await hash.snapshot(), undefined);
    hash.drop();
  });
});
