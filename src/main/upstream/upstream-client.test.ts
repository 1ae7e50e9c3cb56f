import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { test, type TestContext } from 'node:test';
import { isAppError } from '../../shared/errors.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { CollectingSink } from './body-sink.js';
import { UpstreamClient } from './upstream-client.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

async function serve(
  t: TestContext,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  server: Server = createServer(),
  protocol = 'http',
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server.on('request', ((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  }) satisfies RequestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `${protocol}://127.0.0.1:${port}`, seen };
}

function client(t: TestContext, options: ConstructorParameters<typeof UpstreamClient>[0] = {}): UpstreamClient {
  const c = new UpstreamClient({ retry: { baseDelayMs: 10, maxDelayMs: 20 }, ...options });
  t.after(() => c.close());
  return c;
}

test('the token goes to the hub only: a redirect to another host drops Authorization', async (t) => {
  const cdn = await serve(t, (_req, res) => res.end('bytes'));
  const hub = await serve(t, (_req, res) => res.writeHead(302, { location: `${cdn.url}/blob?sig=1` }).end());
  const response = await client(t).request(`${hub.url}/a/b/resolve/main/w.bin`, { token: 'hf_secret', redirects: 'all' });
  assert.equal(await response.text(), 'bytes');
  assert.equal(response.redirected, true);
  assert.equal(hub.seen[0]?.authorization, 'Bearer hf_secret');
  assert.equal(cdn.seen[0]?.authorization, undefined);
  assert.equal(cdn.seen[0]?.url, '/blob?sig=1');
});

test('relative redirects (renamed repos) are followed with the path only, keeping the query; absolute ones are handed back', async (t) => {
  const hub = await serve(t, (req, res) => {
    if (req.url?.startsWith('/old/')) res.writeHead(307, { location: '/new/m/resolve/main/x?dropped=1' }).end();
    else if (req.url?.startsWith('/cdn/')) res.writeHead(302, { location: 'http://elsewhere.invalid/x' }).end();
    else res.writeHead(200, { 'x-repo-commit': 'c' }).end();
  });
  const c = client(t);
  const followed = await c.request(`${hub.url}/old/m/resolve/main/x?keep=1`, { method: 'HEAD', redirects: 'relative', token: 'hf_t' });
  assert.equal(followed.status, 200);
  assert.equal(hub.seen[1]?.url, '/new/m/resolve/main/x?keep=1');
  assert.equal(hub.seen[1]?.authorization, 'Bearer hf_t', 'same host keeps the token');
  const handedBack = await c.request(`${hub.url}/cdn/x`, { method: 'HEAD', redirects: 'relative' });
  assert.equal(handedBack.status, 302);
  assert.equal(handedBack.header('location'), 'http://elsewhere.invalid/x');
});

test('a 429 waits as its RateLimit header says, then succeeds', async (t) => {
  let calls = 0;
  const hub = await serve(t, (_req, res) => {
    calls++;
    if (calls === 1) res.writeHead(429, { ratelimit: '"api";r=0;t=0', 'ratelimit-policy': '"fixed window";"api";q=500;w=300' }).end();
    else res.end('ok');
  });
  const start = performance.now();
  const response = await client(t).request(`${hub.url}/api/models`);
  assert.equal(await response.text(), 'ok');
  assert.ok(performance.now() - start >= 900, 'waited t + 1 seconds');
});

test('5xx is retried with backoff and then reported with the hub error code and request id', async (t) => {
  const hub = await serve(t, (_req, res) => res.writeHead(503, { 'x-request-id': 'req-1', 'content-type': 'application/json' }).end('{"error":"busy"}'));
  await assert.rejects(client(t, { retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 10 } }).request(`${hub.url}/x`), (error: unknown) => {
    return isAppError(error) && error.code === 'UpstreamUnavailable' && /busy.*req-1/.test(error.message);
  });
  assert.equal(hub.seen.length, 3);
});

test('X-Error-Code maps to our codes (EntryNotFound keeps the commit)', async (t) => {
  const hub = await serve(t, (_req, res) => res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-error-message': 'Entry not found', 'x-repo-commit': 'abc' }).end());
  await assert.rejects(client(t).request(`${hub.url}/x`, { method: 'HEAD' }), (error: unknown) => {
    return isAppError(error) && error.code === 'EntryNotFound' && error.details.commit === 'abc';
  });
});

test('HTTP_PROXY carries requests unless NO_PROXY names the host', async (t) => {
  const origin = await serve(t, (_req, res) => res.end('direct'));
  const proxy = await serve(t, (req, res) => res.end(`via proxy: ${req.url ?? ''}`));
  const proxied = client(t, { proxy: { httpProxy: proxy.url } });
  assert.equal(await (await proxied.request(`${origin.url}/f`)).text(), `via proxy: ${origin.url}/f`);
  const bypassed = client(t, { proxy: { httpProxy: proxy.url, noProxy: '127.0.0.1' } });
  assert.equal(await (await bypassed.request(`${origin.url}/f`)).text(), 'direct');
});

test('a custom CA makes a hub with a private certificate trusted', async (t) => {
  const dir = tempDir();
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert });
  const { url } = await serve(t, (_req, res) => res.end('secure'), server, 'https');
  await assert.rejects(client(t, { retry: { retries: 0 } }).request(url));
  assert.equal(await (await client(t, { ca: cert }).request(url)).text(), 'secure');
});

/** A private certificate for 127.0.0.1 (PEM key and cert). */
function selfSigned(): { key: Buffer; cert: string } {
  const dir = tempDir();
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

/**
 * One port that speaks TLS and plain HTTP (by the first byte: 0x16 opens a TLS handshake), so
 * https://127.0.0.1:P and http://127.0.0.1:P share a host and differ only in scheme.
 */
async function dualSchemeServer(t: TestContext, tls: { key: Buffer; cert: string }, onPlain: (req: IncomingMessage, res: ServerResponse) => void, onTls: (port: number, res: ServerResponse) => void): Promise<number> {
  const plain = createServer(onPlain);
  const secure = createHttpsServer(tls, (_req, res) => onTls(port, res));
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', (first: Buffer) => {
      if (first[0] !== 0x16) {
        socket.unshift(first);
        plain.emit('connection', socket);
        return;
      }
      // TLS reads a net.Socket's handle directly, past unshifted bytes: hand it a plain stream instead.
      const stream = new Duplex({
        read: () => undefined,
        write: (chunk: Buffer, _encoding, done) => {
          if (socket.writable) socket.write(chunk);
          done();
        },
        final: (done) => {
          socket.end();
          done();
        },
      });
      socket.on('error', () => stream.destroy());
      stream.push(first);
      socket.on('data', (chunk: Buffer) => stream.push(chunk));
      socket.on('end', () => stream.push(null));
      socket.on('close', () => stream.destroy());
      secure.emit('connection', stream);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  const port = (front.address() as AddressInfo).port;
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => front.close(() => resolve()));
  });
  return port;
}

test('an https-to-http redirect on the same host and port drops the token (another origin)', async (t) => {
  const tls = selfSigned();
  const plainSeen: Array<string | undefined> = [];
  const port = await dualSchemeServer(
    t,
    tls,
    (req, res) => {
      plainSeen.push(req.headers.authorization);
      res.end('downgraded');
    },
    (redirectPort, res) => res.writeHead(302, { location: `http://127.0.0.1:${redirectPort}/file` }).end(),
  );
  const c = client(t, { ca: tls.cert });
  const response = await c.request(`https://127.0.0.1:${port}/a/b/resolve/main/w.bin`, { token: 'hf_secret', redirects: 'all' });
  assert.equal(await response.text(), 'downgraded');
  const sink = new CollectingSink();
  await c.download(`https://127.0.0.1:${port}/a/b/resolve/main/w.bin`, { token: 'hf_secret' }, () => sink);
  assert.equal(sink.text(), 'downgraded');
  assert.deepEqual(plainSeen, [undefined, undefined]);
});

test('the bandwidth limit paces bodies', async (t) => {
  const body = Buffer.alloc(512 * 1024);
  const hub = await serve(t, (_req, res) => res.end(body));
  const start = performance.now();
  const response = await client(t, { bytesPerSecond: 1024 * 1024 }).request(`${hub.url}/f`);
  let size = 0;
  for await (const chunk of response.body()) size += chunk.length;
  assert.equal(size, body.length);
  // 512 KiB at 1 MiB/s with a 256 KiB burst: about 250 ms.
  assert.ok(performance.now() - start >= 200, `took ${performance.now() - start} ms`);
});

test('an aborted request stops at once', async (t) => {
  const hub = await serve(t, () => undefined);
  await assert.rejects(client(t).request(`${hub.url}/hang`, { signal: AbortSignal.timeout(50) }), (error: unknown) => error instanceof Error && /abort|timeout/i.test(error.name + error.message));
});

test('a whole JSON body arrives the same with Content-Length and chunked framing (huggingface.co sends chunked)', async (t) => {
  const document = { files: Array.from({ length: 2000 }, (_, i) => ({ path: `f${i}.json`, size: i })) };
  const text = JSON.stringify(document);
  const sized = await serve(t, (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text));
  let chunkedRequests = 0;
  const chunked = await serve(t, (_req, res) => {
    chunkedRequests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(text.slice(0, 1000));
    setTimeout(() => res.end(text.slice(1000)), 5);
  });
  const c = client(t);
  for (const server of [sized, chunked, chunked]) {
    const response = await c.request(`${server.url}/api/models/a/b`, { wholeBody: true });
    assert.deepEqual(await response.json(), document);
  }
  // Decoded on the client's own sockets: each asked for once.
  assert.equal(chunkedRequests, 2);
  const failing = await serve(t, (_req, res) => res.writeHead(404, { 'content-type': 'application/json', 'x-error-code': 'RepoNotFound' }).end('{"error":"Repository not found"}'));
  await assert.rejects(c.request(`${failing.url}/api/models/a/b`, { wholeBody: true }), (error: unknown) => isAppError(error) && error.code === 'RepoNotFound' && /Repository not found/.test(error.message));
});

test('a POST answered chunked is read on the client\'s own sockets and sent once', async (t) => {
  const answer = JSON.stringify({ commitOid: 'a'.repeat(40), pullRequestUrl: null });
  let posts = 0;
  let received = '';
  const hub = await serve(t, (req, res) => {
    posts += 1;
    req.setEncoding('utf8');
    req.on('data', (data: string) => (received += data));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(answer.slice(0, 7));
      res.write(answer.slice(7, 20));
      res.end(answer.slice(20));
    });
  });
  const body = '{"key":"header","value":{"summary":"s"}}\n';
  const response = await client(t).request(`${hub.url}/api/models/a/b/commit/main`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
  assert.deepEqual(await response.json(), JSON.parse(answer));
  assert.equal(posts, 1);
  assert.equal(received, body);
});

test('a POST whose kept-alive connection closes before the answer fails and is never sent again', async (t) => {
  // A hub that answers the GET on a kept-alive connection, then reads the POST sent on that same
  // connection whole and closes without answering: the client cannot know whether it acted on it.
  const requests: string[] = [];
  const server = createNetServer((socket) => {
    let buffered = '';
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      buffered += data;
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.slice(0, end);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        const method = head.slice(0, head.indexOf(' '));
        requests.push(method);
        if (method === 'POST') {
          socket.destroy();
          return;
        }
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const c = client(t);
  assert.deepEqual(await (await c.request(`${url}/api/models/a/b`, { wholeBody: true })).json(), {});
  await assert.rejects(c.request(`${url}/api/models/a/b/commit/main`, { method: 'POST', body: '{}' }), (error: unknown) => isAppError(error) && error.code === 'UpstreamUnavailable');
  assert.deepEqual(requests, ['GET', 'POST']);
});
