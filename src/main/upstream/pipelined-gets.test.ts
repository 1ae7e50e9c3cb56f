import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { pipelinedGets, type PipelineOptions } from './pipelined-gets.js';

const OPTIONS: PipelineOptions = { connections: 2, depth: 8, maxBodyBytes: 1024 * 1024, connectTimeoutMs: 5000, idleTimeoutMs: 5000, maxIdlePerOrigin: 4 };

async function serve(t: TestContext, handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server: Server = createServer(handler);
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.after(() => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

const requestsFor = (url: string, count: number) => Array.from({ length: count }, (_, i) => ({ url: new URL(`/f/${i}`, url), headers: { 'x-test': 'yes' } }));

test('answers many requests over a few connections, each body whole and matched to its request', async (t) => {
  const server = await serve(t, (request, response) => {
    const body = `body of ${request.url} (${String(request.headers['x-test'])})`.repeat(1 + (Number(request.url?.split('/')[2]) % 5) * 100);
    response.setHeader('content-length', Buffer.byteLength(body));
    response.end(body);
  });
  const bodies = new Map<number, string>();
  const left = await pipelinedGets(requestsFor(server.url, 60), OPTIONS, (index, head, body) => {
    assert.equal(head.status, 200);
    bodies.set(index, body.toString());
  });
  assert.deepEqual(left, []);
  assert.equal(bodies.size, 60);
  for (const [index, body] of bodies) assert.ok(body.startsWith(`body of /f/${index} (yes)`), `${index}: ${body.slice(0, 30)}`);
  assert.equal(server.connections(), 2);
});

test('leaves unanswered what it cannot frame, and what a server that closes after each answer never got to', async (t) => {
  const chunked = await serve(t, (request, response) => {
    if (request.url === '/f/3') {
      response.write('no length');
      response.end();
      return;
    }
    response.setHeader('content-length', 2);
    response.end('ok');
  });
  const answered: number[] = [];
  const left = await pipelinedGets(requestsFor(chunked.url, 10), { ...OPTIONS, connections: 1 }, (index) => void answered.push(index));
  assert.deepEqual(answered, [0, 1, 2], 'in order until the chunked answer');
  assert.deepEqual(left, [3, 4, 5, 6, 7, 8, 9]);

  const closing = await serve(t, (_, response) => {
    response.setHeader('connection', 'close');
    response.setHeader('content-length', 2);
    response.end('ok');
  });
  const closedAnswers: number[] = [];
  const unanswered = await pipelinedGets(requestsFor(closing.url, 10), OPTIONS, (index) => void closedAnswers.push(index));
  assert.equal(closedAnswers.length, 2, 'one answer per connection');
  assert.equal(unanswered.length, 8);
});

test('stops at once when aborted, and when the receiver fails', async (t) => {
  const server = await serve(t, (_, response) => {
    response.setHeader('content-length', 2);
    setTimeout(() => response.end('ok'), 20);
  });
  const controller = new AbortController();
  const running = pipelinedGets(requestsFor(server.url, 40), { ...OPTIONS, signal: controller.signal }, () => undefined);
  setTimeout(() => controller.abort(new Error('cancelled by the user')), 30);
  await assert.rejects(running, /cancelled by the user/);

  await assert.rejects(
    pipelinedGets(requestsFor(server.url, 40), OPTIONS, () => Promise.reject(new Error('disk full'))),
    /disk full/,
  );
});
