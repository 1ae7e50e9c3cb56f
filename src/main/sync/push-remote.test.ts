import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, type TestContext } from 'node:test';
import { UpstreamClient } from '../upstream/index.js';
import { commitBody } from './push-commit-body.js';
import { RemoteWriter } from './push-remote.js';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** A plain HTTP server that records every request (with its body) and answers with `handle`. */
async function recorder(t: TestContext, handle: (seen: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(request);
      handle(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

const TOKEN = 'hf_secret_token_never_elsewhere';
const OID_A = 'a'.repeat(64);
const OID_B = 'b'.repeat(64);

describe('RemoteWriter', () => {
  it('sends the token to the hub only: upload and part URLs on a storage host get just the headers the batch answer gives', async (t) => {
    const storage = await recorder(t, (seen, res) => res.writeHead(200, seen.path.startsWith('/part/') ? { etag: `"etag-${seen.path}"` } : {}).end());
    const hub = await recorder(t, (seen, res) => {
      if (seen.path.endsWith('/objects/batch')) {
        json(res, {
          transfer: 'basic',
          objects: [
            { oid: OID_A, size: 5, actions: { upload: { href: `${storage.url}/single/${OID_A}`, header: { 'x-upload-signature': 'sig-a' } }, verify: { href: `${storage.url}/verify` } } },
            { oid: OID_B, size: 7, actions: { upload: { href: `${storage.url}/complete/${OID_B}`, header: { chunk_size: '4', '1': `${storage.url}/part/1`, '2': `${storage.url}/part/2` } } } },
          ],
        });
      } else {
        res.writeHead(404).end();
      }
    });
    const client = new UpstreamClient({ retry: { retries: 0 } });
    t.after(() => client.close());
    const writer = new RemoteWriter(client, { endpoint: hub.url, token: TOKEN, repoType: 'model', repo: 'alice/m1' });
    const signal = new AbortController().signal;
    const answers = await writer.lfsBatch('main', [{ oid: OID_A, size: 5 }, { oid: OID_B, size: 7 }], signal);
    const content = { [OID_A]: Buffer.from('hello'), [OID_B]: Buffer.from('abcdefg') };
    for (const answer of answers) await writer.upload(answer, (start, end) => Readable.from([content[answer.oid]?.subarray(start, end) ?? Buffer.alloc(0)]), signal);

    assert.equal(hub.seen[0]?.headers.authorization, `Bearer ${TOKEN}`, 'the batch call carries the token');
    assert.deepEqual(storage.seen.map((seen) => `${seen.method} ${seen.path.split('?')[0]}`), [
      `PUT /single/${OID_A}`, 'POST /verify', 'PUT /part/1', 'PUT /part/2', `POST /complete/${OID_B}`,
    ]);
    for (const seen of storage.seen) assert.equal(seen.headers.authorization, undefined, `${seen.method} ${seen.path} got no token`);
    assert.equal(storage.seen[0]?.headers['x-upload-signature'], 'sig-a', 'the header the batch answer gave is sent');
    assert.equal(storage.seen[0]?.body.toString(), 'hello');
    assert.deepEqual([storage.seen[2]?.body.toString(), storage.seen[3]?.body.toString()], ['abcd', 'efg'], 'part n covers bytes [(n-1)*chunk, n*chunk)');
    assert.equal(storage.seen[2]?.headers.chunk_size, undefined, 'chunk_size is not a header to send');
    assert.deepEqual(JSON.parse(storage.seen[4]?.body.toString() ?? ''), { oid: OID_B, parts: [{ partNumber: 1, etag: '"etag-/part/1"' }, { partNumber: 2, etag: '"etag-/part/2"' }] });
  });
});

describe('commitBody', () => {
  it('streams NDJSON whose base64 lines decode to the files, whatever the chunking', async () => {
    const data = Buffer.from(Array.from({ length: 3 * 256 * 1024 + 2 }, (_value, index) => (index * 7) & 0xff));
    const dir = await mkdtemp(join(tmpdir(), 'push-body-'));
    try {
      await writeFile(join(dir, 'blob'), data);
      let sent = 0;
      const chunks: Buffer[] = [];
      const body = commitBody(
        { summary: 's', description: 'd', parentCommit: 'c'.repeat(40) },
        [
          { kind: 'file', path: 'big.bin', content: { file: join(dir, 'blob') } },
          { kind: 'file', path: 'small.txt', content: { data: Buffer.from('hi') } },
          { kind: 'lfsFile', path: 'w.safetensors', sha256: OID_A, size: 9 },
          { kind: 'deletedFile', path: 'old.txt' },
        ],
        (bytes) => (sent += bytes),
      );
      for await (const chunk of body) chunks.push(chunk);
      assert.ok(chunks.length > 4, 'the body comes in pieces, not one string');
      const lines = Buffer.concat(chunks).toString().split('\n');
      assert.equal(lines.pop(), '', 'every line ends with a newline');
      const parsed = lines.map((line) => JSON.parse(line) as { key: string; value: Record<string, unknown> });
      assert.deepEqual(parsed[0], { key: 'header', value: { summary: 's', description: 'd', parentCommit: 'c'.repeat(40) } });
      assert.deepEqual(Buffer.from(parsed[1]?.value.content as string, 'base64'), data);
      assert.equal(parsed[2]?.value.content, Buffer.from('hi').toString('base64'));
      assert.deepEqual(parsed[3], { key: 'lfsFile', value: { path: 'w.safetensors', algo: 'sha256', oid: OID_A, size: 9 } });
      assert.deepEqual(parsed[4], { key: 'deletedFile', value: { path: 'old.txt' } });
      assert.equal(sent, data.length + 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
