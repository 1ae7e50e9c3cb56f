import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bearer, httpRequest } from '../../test/helpers/http-request.js';
import { startServer, testToken } from '../../test/helpers/start-server.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { loadConfig } from './config.js';
import { createCore } from './core.js';

describe('core', () => {
  it('creates the data dir private to the user, with the database and the log inside', async (t) => {
    const server = await startServer(t);
    assert.equal(statSync(server.dataDir).mode & 0o777, 0o700);
    assert.ok(existsSync(join(server.dataDir, 'hubkeeper.db')));
    assert.ok(existsSync(join(server.dataDir, 'logs', 'hubkeeper.log')));
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('creates the bootstrap user with a write token on first start only', async (t) => {
    const server = await startServer(t, { user: 'root' });
    const principal = server.core.accounts.authenticate(server.token);
    assert.equal(principal?.user.name, 'root');
    assert.equal(principal.token.role, 'write');
    assert.deepEqual(server.core.accounts.listUsers().map((u) => u.name), ['root']);
  });

  it('logs requests as JSON lines with a request id, without the token', async (t) => {
    const server = await startServer(t);
    const secret = 'hf_secretSECRETsecret0123456789';
    server.core.accounts.importToken(server.user, secret, 'write', 'secret');
    const res = await httpRequest(`${server.url}/api/whoami-v2?token=${secret}`, {
      headers: { ...bearer(secret), cookie: `session=${secret}` },
    });
    assert.equal(res.status, 200);
    const requestId = res.header('x-request-id');
    await server.stop();

    const text = readFileSync(join(server.dataDir, 'logs', 'hubkeeper.log'), 'utf8');
    assert.ok(!text.includes(secret), 'the token must never reach the log');
    assert.ok(!text.includes(secret.slice(3)), 'not even without its prefix');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) {
      assert.equal(typeof line.level, 'string');
      assert.match(String(line.time), /Z$/);
      assert.equal(typeof line.component, 'string');
    }
    const requestLine = lines.find((line) => line.reqId === requestId);
    assert.ok(requestLine, 'the request has a log line');
    assert.equal(requestLine.component, 'http');
    assert.equal(requestLine.method, 'GET');
    assert.equal(requestLine.status, 200);
    assert.equal(requestLine.user, server.user);
    assert.equal(requestLine.url, '/api/whoami-v2?token=%5Bredacted%5D');
  });

  it('stops cleanly more than once, and without having started', async () => {
    const dataDir = tempDir();
    const core = createCore(loadConfig({}, { dataDir, port: 0 }));
    await core.stop();
    await core.stop();
    assert.equal(core.db.open, false);
  });

  it('refuses to start again after stop', async () => {
    const dataDir = tempDir();
    const core = createCore(loadConfig({}, { dataDir, port: 0, bootstrapUser: 'a', bootstrapToken: testToken() }));
    await core.stop();
    await assert.rejects(core.start(), /stopped/);
  });

  it('keeps data across restarts of the same data dir', async () => {
    const dataDir = tempDir();
    const token = testToken();
    const first = createCore(loadConfig({}, { dataDir, port: 0, bootstrapUser: 'alice', bootstrapToken: token }));
    await first.start();
    const extra = first.accounts.createToken('alice', { role: 'read', displayName: 'later' });
    await first.stop();

    const second = createCore(loadConfig({}, { dataDir, port: 0, bootstrapUser: 'bob', bootstrapToken: testToken() }));
    try {
      const { url } = await second.start();
      assert.equal(second.accounts.getUser('bob'), undefined, 'bootstrap only runs on an empty hub');
      const res = await httpRequest(`${url}/api/whoami-v2`, { headers: bearer(extra) });
      assert.equal(res.status, 200);
    } finally {
      await second.stop();
    }
  });
});
