import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/shared/errors.js';
import { blobNames, lastInFirstOut, randomContent, sha256Hex, testEngine } from '../helpers/download-fixtures.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;

async function seededWithProxy(t: Parameters<typeof startServer>[0], size: number, options: Parameters<typeof startFaultProxy>[1] = {}) {
  const server = await startServer(t);
  const content = randomContent(size);
  await seedRepo(server.core.store, { files: { 'model.bin': content }, lfs: ['model.bin'] });
  const proxy = await startFaultProxy(server.url, options);
  t.after(() => proxy.close());
  return { server, proxy, content };
}

describe('download faults', () => {
  for (const [shape, chunkSize] of [['one range', undefined], ['a response across six 1 MiB ranges', MiB]] as const) {
    it(`resumes a dropped connection from the last byte instead of starting over (${shape})`, async (context) => {
      const t = lastInFirstOut(context);
      const { proxy, content } = await seededWithProxy(t, 6 * MiB);
      proxy.faults = { cutAfterBytes: 2 * MiB + 12345, times: 2 };
      const { engine } = await testEngine(t, { endpoint: proxy.url, tuning: { connections: 1, persistMinSize: MiB, ...(chunkSize ? { chunkSize } : {}) } });
      const path = await engine.downloadFile('alice/m1', 'model.bin');
      assert.ok((await readFile(path)).equals(content));
      assert.ok(proxy.bytesServed() < content.length * 1.05, `served ${proxy.bytesServed()} bytes for a ${content.length}-byte file`);
      assert.equal(proxy.requests.filter((r) => r.startsWith('GET') && r.includes('/resolve/')).length, 3, 'two resumed requests after two drops');
    });
  }

  it('recovers dropped connections while fetching parallel ranges', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, content } = await seededWithProxy(t, 9 * MiB);
    proxy.faults = { cutAfterBytes: 700 * 1024, times: 3 };
    const { engine } = await testEngine(t, { endpoint: proxy.url, tuning: { connections: 4, chunkSize: 2 * MiB, persistMinSize: MiB, fastStream: 0 } });
    const path = await engine.downloadFile('alice/m1', 'model.bin');
    assert.ok((await readFile(path)).equals(content));
  });

  it('opens more connections only when one brings too little', async (context) => {
    const t = lastInFirstOut(context);
    const { server, proxy: capped, content } = await seededWithProxy(t, 12 * MiB, { bytesPerSecondPerConnection: 4 * MiB });
    const tuning = { connections: 4, chunkSize: MiB, persistMinSize: MiB };
    const slow = await testEngine(t, { endpoint: capped.url, tuning: { ...tuning, fastStream: 8 * MiB } });
    assert.ok((await readFile(await slow.engine.downloadFile('alice/m1', 'model.bin'))).equals(content));
    assert.equal(capped.peakFileResponses(), 4, '4 MiB/s is under the 8 MiB/s one connection must bring: all four opened');

    const alone = await startFaultProxy(server.url, { bytesPerSecondPerConnection: 4 * MiB });
    t.after(() => alone.close());
    const fast = await testEngine(t, { endpoint: alone.url, tuning: { ...tuning, fastStream: MiB } });
    assert.ok((await readFile(await fast.engine.downloadFile('alice/m1', 'model.bin'))).equals(content));
    assert.equal(alone.peakFileResponses(), 1, 'one connection bringing more than 1 MiB/s stays alone');
    assert.equal(alone.requests.filter((r) => r.startsWith('GET') && r.includes('/resolve/')).length, 1, 'alone, one response streams all twelve 1 MiB ranges');
  });

  it('fails verification of wrong bytes twice with a clear error, and nothing lands in blobs/', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, content } = await seededWithProxy(t, 3 * MiB);
    proxy.faults = { corruptOffset: 2 * MiB + 7 };
    const { engine, cacheDir } = await testEngine(t, { endpoint: proxy.url });
    await assert.rejects(engine.downloadFile('alice/m1', 'model.bin'), (error: unknown) => {
      assert.ok(isAppError(error) && error.code === 'IntegrityError', String(error));
      assert.match(error.message, /failed verification twice/);
      assert.match(error.message, new RegExp(`expected ${sha256Hex(content)}`));
      return true;
    });
    assert.equal(proxy.requests.filter((r) => r.startsWith('GET')).length, 2, 'retried once from scratch');
    assert.deepEqual(await blobNames(cacheDir), [], 'no blob and no partial file');
    proxy.faults = {};
    assert.ok((await readFile(await engine.downloadFile('alice/m1', 'model.bin'))).equals(content));
  });

  it('shares one transfer between concurrent downloads of the same file', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, content } = await seededWithProxy(t, 8 * MiB, { bytesPerSecondPerConnection: 32 * MiB });
    const { engine } = await testEngine(t, { endpoint: proxy.url });
    const [a, b] = await Promise.all([engine.downloadFile('alice/m1', 'model.bin'), engine.downloadFile('alice/m1', 'model.bin')]);
    assert.equal(a, b);
    assert.ok((await readFile(a)).equals(content));
    assert.equal(proxy.bytesServed(), content.length, 'the bytes were fetched once');
  });

  it('refuses a download that cannot fit before fetching anything, and reports a disk that fills up', async (context) => {
    const t = lastInFirstOut(context);
    const disk = await mkdtemp(join(tmpdir(), 'hubkeeper-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', disk], { encoding: 'utf8' });
    t.after(async () => {
      if (mounted.status === 0) execFileSync('umount', ['-l', disk]);
      await rm(disk, { recursive: true, force: true });
    });
    if (mounted.status !== 0) {
      context.skip(`SKIPPED (not a pass): mounting a 5 MB tmpfs is not permitted here: ${mounted.stderr.trim()}`);
      return;
    }
    const server = await startServer(t);
    const big = randomContent(8 * MiB);
    const fits = randomContent(3 * MiB);
    await seedRepo(server.core.store, { files: { 'big.bin': big, 'fits.bin': fits }, lfs: ['big.bin', 'fits.bin'] });
    const proxy = await startFaultProxy(server.url);
    t.after(() => proxy.close());
    const { engine } = await testEngine(t, { endpoint: proxy.url, cacheDir: disk });

    await assert.rejects(engine.downloadFile('alice/m1', 'big.bin'), (error: unknown) => {
      return isAppError(error) && error.code === 'InsufficientStorage' && /Not enough disk space/.test(error.message);
    });
    assert.equal(proxy.bytesServed(), 0, 'nothing was fetched');

    let filled = false;
    const filling = engine.downloadFile('alice/m1', 'fits.bin', {
      onProgress: () => {
        if (filled) return;
        filled = true;
        void writeFile(join(disk, 'filler'), Buffer.alloc(3 * MiB)).catch(() => undefined);
      },
    });
    await assert.rejects(filling, (error: unknown) => isAppError(error) && error.code === 'InsufficientStorage' && /filled up/.test(error.message));
    assert.deepEqual(await blobNames(disk), [], 'no blob and no partial file');
  });
});
