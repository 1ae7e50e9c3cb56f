import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureBuilt, runCli, startServe } from '../helpers/cli-process.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { testToken } from '../helpers/start-server.js';

describe('hubkeeper CLI (built)', () => {
  let dataDir: string;
  before(() => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'hubkeeper-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves, bootstraps, mints tokens offline and stops cleanly on signals', async () => {
    const bootstrapToken = testToken();
    const first = await startServe(['--data', dataDir, '--port', '0'], {
      HUBKEEPER_BOOTSTRAP_USER: 'alice',
      HUBKEEPER_BOOTSTRAP_TOKEN: bootstrapToken,
    });
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(first.url, 'http://127.0.0.1:0');

    const health = await httpRequest(`${first.url}/health`);
    assert.equal(health.status, 200);
    assert.match(health.header('content-type'), /^application\/json/);
    assert.equal((health.json() as { status: string }).status, 'ok');

    const me = await httpRequest(`${first.url}/api/whoami-v2`, { headers: bearer(bootstrapToken) });
    assert.equal(me.status, 200);
    assert.equal((me.json() as { name: string }).name, 'alice');

    const bogus = await httpRequest(`${first.url}/api/whoami-v2`, { headers: bearer('hf_bogus_token_value_123') });
    assert.equal(bogus.status, 401);

    first.child.kill('SIGTERM');
    assert.deepEqual(await first.exited, { code: 0, signal: null });
    const lines = first.stdout().split('\n');
    assert.equal(lines[0], `HubKeeper listening on ${first.url}`);
    assert.match(lines[1] ?? '', new RegExp(`^Sign in to the UI \\(one-time link\\): ${first.url}/-/ui/#/sign-in/[A-Za-z0-9_-]{32}$`));
    assert.equal(lines.length, 3, 'serve prints exactly two lines');

    const minted = await runCli(['admin', 'create-token', 'alice', '--data', dataDir, '--role', 'read', '--name', 'ci']);
    assert.equal(minted.code, 0, minted.stderr);
    assert.match(minted.stdout, /^hf_[A-Za-z0-9_-]{34}\n$/);
    const token = minted.stdout.trim();

    const second = await startServe(['--data', dataDir, '--port', '0']);
    const again = await httpRequest(`${second.url}/api/whoami-v2`, { headers: bearer(token) });
    assert.equal(again.status, 200);
    const auth = (again.json() as { name: string; auth: { accessToken: { role: string; displayName: string } } });
    assert.equal(auth.name, 'alice');
    assert.deepEqual({ role: auth.auth.accessToken.role, displayName: auth.auth.accessToken.displayName }, { role: 'read', displayName: 'ci' });

    second.child.kill('SIGINT');
    assert.deepEqual(await second.exited, { code: 0, signal: null });
  });

  it('creates users from the command line', async () => {
    const created = await runCli(['admin', 'create-user', 'bob', '--data', dataDir, '--fullname', 'Bob B.']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'bob\n');
    const token = await runCli(['admin', 'create-token', 'bob', '--data', dataDir]);
    assert.equal(token.code, 0, token.stderr);
  });

  it('fails with exit code 1 and one line on stderr', async () => {
    const unknownUser = await runCli(['admin', 'create-token', 'ghost', '--data', dataDir]);
    assert.equal(unknownUser.code, 1);
    assert.equal(unknownUser.stdout, '');
    assert.equal(unknownUser.stderr, 'hubkeeper: Unknown user "ghost"\n');

    const badPort = await runCli(['serve', '--data', dataDir, '--port', 'eighty']);
    assert.equal(badPort.code, 1);
    assert.match(badPort.stderr, /^hubkeeper: Invalid configuration: --port must be an integer from 0 to 65535 \(got "eighty"\)\n$/);

    const badToken = await runCli(['serve', '--data', dataDir, '--port', '0'], {
      HUBKEEPER_BOOTSTRAP_USER: 'carol',
      HUBKEEPER_BOOTSTRAP_TOKEN: 'not-a-token-secret',
    });
    assert.equal(badToken.code, 1);
    assert.match(badToken.stderr, /HUBKEEPER_BOOTSTRAP_TOKEN must be "hf_"/);
    assert.ok(!badToken.stderr.includes('not-a-token-secret'));
  });

  it('shows stacks only when HUBKEEPER_DEBUG is set', async () => {
    const debug = await runCli(['admin', 'create-token', 'ghost', '--data', dataDir], { HUBKEEPER_DEBUG: '1' });
    assert.equal(debug.code, 1);
    assert.match(debug.stderr, /\n\s+at /);
  });
});
