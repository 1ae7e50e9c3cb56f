import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { bearer, httpRequest, type HttpResponse } from '../../../test/helpers/http-request.js';
import { rawPathRequest, rawSocketRequest } from '../../../test/helpers/raw-request.js';
import { createAccounts, type Accounts } from '../accounts/index.js';
import { openDatabase, WalSync } from '../db/index.js';
import { createLogger, type LoggerHandle } from '../logger.js';
import { createHttpServer, requireWrite, type HttpServerOptions } from './index.js';

interface Running {
  readonly app: FastifyInstance;
  readonly base: string;
  readonly port: number;
  readonly accounts: Accounts;
  readonly logs: LoggerHandle;
  readonly dataDir: string;
}

async function listen(overrides: Partial<HttpServerOptions> = {}): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeeper-http-'));
  const db = openDatabase(':memory:');
  const accounts = createAccounts(db);
  const logs = createLogger({ dataDir, level: 'info' });
  const app = await createHttpServer({
    host: '127.0.0.1',
    uiDir: join(dataDir, 'no-ui'),
    logger: logs.logger,
    accounts,
    health: { version: '9.9.9', schema: 1 },
    routes: [
      (scope, _options, done) => {
        scope.get('/test/app-error', () => {
          throw new AppError('RepoExists', 'You already created this model repo: alice/m — é', { url: 'http://x/alice/m' });
        });
        scope.get('/test/crash', () => {
          throw new Error('database exploded at /secret/path');
        });
        scope.get('/test/zod', (request) => z.object({ limit: z.coerce.number().int() }).parse(request.query));
        scope.post('/test/validated', { schema: { body: { type: 'object', required: ['name'] } } }, () => ({ ok: true }));
        scope.post('/test/json', (request) => request.body);
        scope.post('/test/write', (request) => ({ user: requireWrite(request).user.name }));
        done();
      },
    ],
    ...overrides,
  });
  await app.listen({ host: overrides.host ?? '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(typeof address === 'object' && address !== null);
  return { app, base: `http://127.0.0.1:${address.port}`, port: address.port, accounts, logs, dataDir };
}

async function close(running: Running): Promise<void> {
  await running.app.close();
  await running.logs.close();
  rmSync(running.dataDir, { recursive: true, force: true });
}

describe('http server', () => {
  let server: Running;
  before(async () => {
    server = await listen();
  });
  after(() => close(server));
  /** POSTs `body` (JSON text, valid or not) to a test route. */
  const postJson = (path: string, body: string) => httpRequest(`${server.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers /health with the version and schema', async () => {
    const res = await httpRequest(`${server.base}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: 'ok', version: '9.9.9', schema: 1 });
  });

  it('sends a fresh X-Request-Id on every response and ignores the client one', async () => {
    const a = await httpRequest(`${server.base}/health`, { headers: { 'x-request-id': 'forged' } });
    const b = await httpRequest(`${server.base}/nothing-here`);
    assert.match(a.header('x-request-id'), /^[0-9a-f-]{36}$/);
    assert.match(b.header('x-request-id'), /^[0-9a-f-]{36}$/);
    assert.notEqual(a.header('x-request-id'), b.header('x-request-id'));
  });

  it('maps an AppError to its status, HF headers and JSON body with extra fields', async () => {
    const res = await httpRequest(`${server.base}/test/app-error`);
    assert.equal(res.status, 409);
    assert.equal(res.header('x-error-code'), 'RepoExists');
    assert.equal(res.header('x-error-message'), 'You already created this model repo: alice/m ? ?');
    assert.match(res.header('content-type'), /^application\/json/);
    assert.deepEqual(res.json(), { url: 'http://x/alice/m', error: 'You already created this model repo: alice/m — é' });
    assert.ok(res.header('x-request-id'));
  });

  it('answers unknown routes with 404 in the same shape', async () => {
    const res = await httpRequest(`${server.base}/api/unknown/thing`);
    assert.equal(res.status, 404);
    assert.equal(res.header('x-error-code'), 'NotFound');
    assert.deepEqual(res.json(), { error: 'Not found' });
  });

  it('hides unexpected errors behind a generic 500 and logs the stack', async () => {
    const res = await httpRequest(`${server.base}/test/crash`);
    assert.equal(res.status, 500);
    assert.equal(res.header('x-error-code'), 'Internal');
    assert.deepEqual(res.json(), { error: 'Internal server error' });
    assert.ok(!res.text.includes('secret/path'));
    await server.logs.close();
    const log = readFileSync(server.logs.file, 'utf8');
    assert.match(log, /database exploded at \/secret\/path/);
    assert.match(log, /"stack":"Error: database exploded/);
    // The logger is closed now; give the rest of the suite a fresh server.
    await close(server);
    server = await listen();
  });

  it('turns validation failures and bad JSON into 400 BadRequest', async () => {
    const zod = await httpRequest(`${server.base}/test/zod?limit=abc`);
    assert.equal(zod.status, 400);
    assert.equal(zod.header('x-error-code'), 'BadRequest');
    assert.match(zod.header('x-error-message'), /^limit: /);

    const schema = await postJson('/test/validated', '{}');
    assert.equal(schema.status, 400);
    assert.equal(schema.header('x-error-code'), 'BadRequest');

    const json = await postJson('/test/json', '{"broken":');
    assert.equal(json.status, 400);
    assert.equal(json.header('x-error-code'), 'BadRequest');
    assert.ok((json.json() as { error: string }).error);
  });

  it('refuses a JSON string or key holding a lone surrogate escape, which would be stored as U+FFFD', async () => {
    for (const body of ['{"title":"\\ud800"}', '{"a":["ok",{"b":"x\\udfffy"}]}', '{"\\udbff":1}', '"\\udc00\\ud800"']) {
      const res = await postJson('/test/json', body);
      assert.equal(res.status, 400, body);
      assert.equal(res.header('x-error-code'), 'BadRequest', body);
      assert.match((res.json() as { error: string }).error, /not valid Unicode/, body);
    }
    // A surrogate pair is one character (here U+1F600), and a deep body is walked without recursion.
    const pair = await postJson('/test/json', '{"title":"\\ud83d\\ude00"}');
    assert.deepEqual([pair.status, pair.json()], [200, { title: '\u{1F600}' }]);
    const deep = await postJson('/test/json', `${'['.repeat(5000)}"\\ud800"${']'.repeat(5000)}`);
    assert.equal(deep.status, 400);
  });

  it('does not compress responses', async () => {
    const res = await httpRequest(`${server.base}/health`, { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(res.header('content-encoding'), '');
  });

  it('redirects / to the UI and explains when the UI is not built', async () => {
    const root = await httpRequest(`${server.base}/`);
    assert.equal(root.status, 302);
    assert.equal(root.header('location'), '/-/ui/');
    const ui = await httpRequest(`${server.base}/-/ui/`);
    assert.equal(ui.status, 503);
    assert.match(ui.text, /npm run build/);
  });

  describe('auth', () => {
    it('accepts a write token as Bearer and as the Basic password', async () => {
      server.accounts.createUser('alice');
      const token = server.accounts.createToken('alice', { role: 'write', displayName: 'w' });
      const viaBearer = await httpRequest(`${server.base}/test/write`, { method: 'POST', headers: bearer(token) });
      assert.equal(viaBearer.status, 200);
      assert.deepEqual(viaBearer.json(), { user: 'alice' });
      const basic = Buffer.from(`anyone:${token}`).toString('base64');
      const viaBasic = await httpRequest(`${server.base}/test/write`, { method: 'POST', headers: { authorization: `Basic ${basic}` } });
      assert.equal(viaBasic.status, 200);
    });

    it('answers 401 without a token or with an unknown one', async () => {
      for (const headers of [{}, bearer('hf_unknown_token_value'), { authorization: 'Token abc' }]) {
        const res = await httpRequest(`${server.base}/test/write`, { method: 'POST', headers });
        assert.equal(res.status, 401);
        assert.equal(res.header('x-error-message'), 'Invalid credentials in Authorization header');
      }
    });

    it('answers 403 to a read token on a write', async () => {
      server.accounts.createUser('reader');
      const token = server.accounts.createToken('reader', { role: 'read', displayName: 'r' });
      const res = await httpRequest(`${server.base}/test/write`, { method: 'POST', headers: bearer(token) });
      assert.equal(res.status, 403);
      assert.equal(res.header('x-error-code'), 'Forbidden');
    });

    it('lets unknown tokens read as anonymous', async () => {
      const res = await httpRequest(`${server.base}/health`, { headers: bearer('hf_someone_elses_token') });
      assert.equal(res.status, 200);
    });
  });

  describe('host guard', () => {
    it('accepts every loopback spelling with the real port', async () => {
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
        const res = await httpRequest(`${server.base}/health`, { headers: { host } });
        assert.equal(res.status, 200, host);
      }
    });

    it('rejects a foreign Host (DNS rebinding) with 403 and an error code', async () => {
      for (const host of ['evil.example', `evil.example:${server.port}`, `localhost:${server.port + 1}`, '127.0.0.1']) {
        const res = await httpRequest(`${server.base}/health`, { headers: { host } });
        assert.equal(res.status, 403, host);
        assert.equal(res.header('x-error-code'), 'Forbidden');
        assert.match(res.header('x-error-message'), /is not served here/);
        assert.ok(res.header('x-request-id'));
      }
    });

    it('answers a request without a Host header with 400 in our error format', async () => {
      const res = await rawSocketRequest(server.base, 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n');
      assert.equal(res.status, 400, res.text);
      assert.equal(res.header('x-error-code'), 'BadRequest');
      assert.match(res.header('content-type'), /^application\/json/);
      assert.match((JSON.parse(res.text) as { error: string }).error, /Host header/);
    });

    it('answers requests the HTTP parser refuses in our error format', async () => {
      for (const bytes of ['GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 'NOT HTTP AT ALL\r\n\r\n', `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nx-big: ${'a'.repeat(70_000)}\r\n\r\n`]) {
        const res = await rawSocketRequest(server.base, bytes);
        assert.ok(res.status === 400 || res.status === 431, `${res.status} ${res.text}`);
        assert.equal(res.header('x-error-code'), 'BadRequest');
        assert.equal(typeof (JSON.parse(res.text) as { error: unknown }).error, 'string');
      }
    });

    it('answers CONNECT and an unsupported Expect in our error format instead of dropping or a bare 417', async () => {
      const host = `127.0.0.1:${server.port}`;
      const connect = await rawSocketRequest(server.base, `CONNECT /health HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
      const expect = await rawSocketRequest(server.base, `GET /health HTTP/1.1\r\nHost: ${host}\r\nExpect: nonsense\r\nConnection: close\r\n\r\n`);
      for (const [res, status] of [[connect, 405], [expect, 417]] as const) {
        assert.equal(res.status, status, res.text);
        assert.equal(res.header('x-error-code'), 'BadRequest');
        assert.equal(typeof (JSON.parse(res.text) as { error: unknown }).error, 'string');
      }
    });

    it('rejects a foreign Host before authenticating or routing', async () => {
      const res = await httpRequest(`${server.base}/api/unknown`, { headers: { host: 'evil.example' } });
      assert.equal(res.status, 403);
    });
  });
});

describe('http server bound to all interfaces', () => {
  it('accepts any Host', async () => {
    const running = await listen({ host: '0.0.0.0' });
    try {
      const res = await httpRequest(`${running.base}/health`, { headers: { host: 'my-box.lan:1234' } });
      assert.equal(res.status, 200);
    } finally {
      await close(running);
    }
  });
});

describe('http server with a UI build', () => {
  it('serves the build with a CSP, and index.html for client-side routes', async () => {
    const uiDir = join(mkdtempSync(join(tmpdir(), 'hubkeeper-ui-')), 'renderer');
    mkdirSync(join(uiDir, 'assets'), { recursive: true });
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>HubKeeper</title>');
    writeFileSync(join(uiDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const running = await listen({ uiDir });
    try {
      const index = await httpRequest(`${running.base}/-/ui/`);
      assert.equal(index.status, 200);
      assert.match(index.text, /<title>HubKeeper/);
      assert.match(index.header('content-security-policy'), /default-src 'self'/);
      assert.equal(index.header('cache-control'), 'no-cache');

      const asset = await httpRequest(`${running.base}/-/ui/assets/app-abc123.js`);
      assert.equal(asset.status, 200);
      assert.match(asset.header('cache-control'), /immutable/);

      const route = await httpRequest(`${running.base}/-/ui/repos/alice/m1`);
      assert.equal(route.status, 200);
      assert.match(route.text, /<title>HubKeeper/);

      const missing = await httpRequest(`${running.base}/-/ui/assets/missing.js`);
      assert.equal(missing.status, 404);
      assert.equal(missing.header('x-error-code'), 'NotFound');

      const traversal = await httpRequest(`${running.base}/-/ui/..%2f..%2fpackage.json`);
      assert.notEqual(traversal.status, 200);
    } finally {
      await close(running);
      rmSync(join(uiDir, '..'), { recursive: true, force: true });
    }
  });

  it('answers traversal, dotfiles, NUL and failed preconditions with their 4xx in our error format', async () => {
    const uiDir = join(mkdtempSync(join(tmpdir(), 'hubkeeper-ui-')), 'renderer');
    mkdirSync(uiDir, { recursive: true });
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>HubKeeper</title>');
    writeFileSync(join(uiDir, '.env'), 'SECRET=1');
    writeFileSync(join(uiDir, '..', 'package.json'), '{"name":"outside"}');
    const running = await listen({ uiDir });
    const assertErrorFormat = (res: { status: number; header: (name: string) => string; text: string }, status: number, what: string) => {
      assert.equal(res.status, status, `${what}: ${res.status} ${res.text}`);
      assert.ok(res.header('x-error-code'), `${what}: X-Error-Code`);
      assert.match(res.header('content-type'), /^application\/json/, what);
      assert.equal(typeof (JSON.parse(res.text) as { error: unknown }).error, 'string', what);
      assert.ok(!res.text.includes('SECRET') && !res.text.includes('outside'), what);
    };
    try {
      const paths: Array<[string, number]> = [
        ['/-/ui/%2e%2e%2f%2e%2e%2fpackage.json', 403],
        ['/-/ui/../package.json', 403],
        ['/-/ui/.%2e/package.json', 403],
        ['/-/ui/.env', 403],
        ['/-/ui/%00', 400],
        ['/-/ui/a%00b.js', 400],
      ];
      for (const [path, status] of paths) assertErrorFormat(await rawPathRequest(running.base, path), status, path);

      const headers: Array<[Record<string, string>, number]> = [
        [{ range: 'bytes=999999-' }, 416],
        [{ 'if-match': '"not-this-one"' }, 412],
        [{ 'if-unmodified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' }, 412],
      ];
      for (const path of ['/-/ui/', '/-/ui/index.html', '/-/ui/repos/alice/m1']) {
        for (const [sent, status] of headers) {
          const res: HttpResponse = await httpRequest(`${running.base}${path}`, { headers: sent });
          assertErrorFormat(res, status, `${path} ${JSON.stringify(sent)}`);
        }
      }
    } finally {
      await close(running);
      rmSync(join(uiDir, '..'), { recursive: true, force: true });
    }
  });
});

describe('http server with durable replies', () => {
  it('answers a write only once what the database committed is synced; reads do not wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubkeeper-durable-'));
    const file = join(dir, 'hub.db');
    const db = openDatabase(file, { synchronous: 'normal' });
    db.exec('CREATE TABLE t (v INTEGER)');
    const insert = db.prepare<[number]>('INSERT INTO t (v) VALUES (?)');
    const walSync = new WalSync(db, file);
    const server = await listen({
      durability: walSync,
      routes: [
        (scope, _options, done) => {
          scope.post('/test/save', () => ({ changes: insert.run(1).changes }));
          scope.get('/test/count', () => ({ changes: insert.run(2).changes }));
          done();
        },
      ],
    });
    try {
      const read = await httpRequest(`${server.base}/test/count`);
      assert.equal(read.status, 200);
      assert.equal(walSync.pending(), true, 'a GET does not wait for the disk');
      const saved = await httpRequest(`${server.base}/test/save`, { method: 'POST' });
      assert.equal(saved.status, 200);
      assert.deepEqual(saved.json(), { changes: 1 });
      assert.equal(walSync.pending(), false, 'the write was on disk before its reply');
    } finally {
      await close(server);
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
