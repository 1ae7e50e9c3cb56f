// Large downloads leave the hub through sendfile(2) (native/sendfile.c) where the binding is
// built, and through memory copies otherwise: both must send exactly the stored bytes, to fast,
// slow and vanishing clients, without leaking a descriptor.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { zeroCopyAvailable } from '../../src/main/hub/native-sendfile.js';
import { patternBytes, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;
const weights = patternBytes(24 * MiB + 4321, 3);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function seeded(t: Parameters<typeof startServer>[0]) {
  const server = await startServer(t);
  await seedRepo(server.core.store, { files: { 'w.bin': weights }, lfs: ['w.bin'] });
  return `${server.url}/alice/m1/resolve/main/w.bin`;
}

interface Fetched {
  readonly status: number;
  readonly body: Buffer;
}

/** GETs `url`, pausing the response for `pauseMs` after every `pauseEvery` bytes when asked (a slow reader). */
function fetchBytes(url: string, options: { range?: string; agent?: Agent; pauseEvery?: number; pauseMs?: number } = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: options.agent ?? false, headers: options.range ? { range: options.range } : {} }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let sincePause = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        sincePause += chunk.length;
        if (options.pauseEvery !== undefined && sincePause >= options.pauseEvery) {
          sincePause = 0;
          res.pause();
          setTimeout(() => res.resume(), options.pauseMs ?? 50);
        }
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('large downloads (zero-copy where built)', () => {
  it('is built and loads on Linux, so CI exercises the sendfile path', { skip: process.platform !== 'linux' }, () => {
    assert.equal(zeroCopyAvailable(), true, 'build/Release/hubkeeper_native.node is missing: npm ci builds it with node-gyp');
  });

  it('sends the whole file and ranges across its middle byte for byte, with sendfile and with copies', async (t) => {
    const url = await seeded(t);
    for (const copies of [false, true]) {
      if (copies) process.env.HUBKEEPER_NO_SENDFILE = '1';
      try {
        const whole = await fetchBytes(url);
        assert.equal(whole.status, 200);
        assert.equal(sha256(whole.body), sha256(weights), `whole file, copies=${copies}`);
        const start = 3 * MiB + 17;
        const end = 21 * MiB + 5;
        const part = await fetchBytes(url, { range: `bytes=${start}-${end}` });
        assert.equal(part.status, 206);
        assert.equal(part.body.length, end - start + 1);
        assert.ok(part.body.equals(weights.subarray(start, end + 1)), `range, copies=${copies}`);
        const tail = await fetchBytes(url, { range: `bytes=-${5 * MiB}` });
        assert.ok(tail.body.equals(weights.subarray(weights.length - 5 * MiB)), `suffix range, copies=${copies}`);
      } finally {
        delete process.env.HUBKEEPER_NO_SENDFILE;
      }
    }
  });

  it('keeps a kept-alive connection usable after a large response', async (t) => {
    const url = await seeded(t);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    t.after(() => agent.destroy());
    const first = await fetchBytes(url, { agent });
    const second = await fetchBytes(url, { agent, range: 'bytes=0-9' });
    const third = await fetchBytes(url, { agent });
    assert.equal(sha256(first.body), sha256(weights));
    assert.ok(second.body.equals(weights.subarray(0, 10)));
    assert.equal(sha256(third.body), sha256(weights));
  });

  it('waits for a slow reader instead of dropping or corrupting bytes', async (t) => {
    const url = await seeded(t);
    const slow = await fetchBytes(url, { pauseEvery: 2 * MiB, pauseMs: 40 });
    assert.equal(slow.status, 200);
    assert.equal(sha256(slow.body), sha256(weights));
  });

  it('serves several clients at once', async (t) => {
    const url = await seeded(t);
    const results = await Promise.all([
      fetchBytes(url),
      fetchBytes(url, { pauseEvery: 4 * MiB, pauseMs: 20 }),
      fetchBytes(url, { range: `bytes=${MiB}-${20 * MiB}` }),
      fetchBytes(url),
    ]);
    assert.equal(sha256(results[0].body), sha256(weights));
    assert.equal(sha256(results[1].body), sha256(weights));
    assert.ok(results[2].body.equals(weights.subarray(MiB, 20 * MiB + 1)));
    assert.equal(sha256(results[3].body), sha256(weights));
  });

  it('lets go of a client that leaves mid-file: no descriptor kept, the next download is whole', async (t) => {
    const url = await seeded(t);
    await fetchBytes(url, { range: 'bytes=0-0' }); // the server's own descriptors are open by now
    const before = openDescriptors();
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request(url, { agent: false }, (res) => {
          let received = 0;
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received >= 2 * MiB) req.destroy();
          });
          res.on('close', () => resolve());
        });
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)));
        req.end();
      });
    }
    const after = await fetchBytes(url);
    assert.equal(sha256(after.body), sha256(weights));
    // The server closes its side once it notices; give it a moment, then count again.
    for (let waited = 0; openDescriptors() > before && waited < 2000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(openDescriptors() <= before, `descriptors: ${before} before, ${openDescriptors()} after`);
  });
});
