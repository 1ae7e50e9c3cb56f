import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { uploadFiles } from '@huggingface/hub';
import type { Settings } from '../../src/shared/app-api.js';
import { loadConfig, type ConfigOverrides } from '../../src/main/config.js';
import { createCore, type Core } from '../../src/main/core.js';
import { createTestRepo, headOf } from '../helpers/hub-write.js';
import { httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

async function signIn(core: Core, url: string): Promise<string> {
  const code = /#\/sign-in\/(.+)$/.exec(core.ui.signInUrl(url))?.[1] ?? '';
  const res = await httpRequest(`${url}/-/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  assert.equal(res.status, 200, res.text);
  return res.header('set-cookie').split(';')[0] ?? '';
}

function getSettings(url: string, cookie: string): Promise<HttpResponse> {
  return httpRequest(`${url}/-/api/v1/settings`, { headers: { cookie } });
}

function putSettings(url: string, cookie: string, body: unknown, contentType = 'application/json'): Promise<HttpResponse> {
  return httpRequest(`${url}/-/api/v1/settings/server`, { method: 'PUT', headers: { cookie, 'content-type': contentType }, body: JSON.stringify(body) });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** A core on a data dir the test keeps across restarts. */
async function startCore(cleanup: Cleanup, dataDir: string, overrides: ConfigOverrides): Promise<{ core: Core; url: string }> {
  const core = createCore(loadConfig({}, { dataDir, logLevel: 'warn', ...overrides }));
  cleanup.after(() => core.stop());
  const { url } = await core.start();
  return { core, url };
}

describe('server settings in the app API', () => {
  it('applies a new LFS threshold to the next upload at once and shows it', async (t) => {
    const server = await startServer(t);
    const cookie = await signIn(server.core, server.url);
    const before = (await getSettings(server.url, cookie)).json() as Settings;
    assert.equal(before.lfsThreshold, 10 * 1024 * 1024);
    assert.equal(before.lfsThresholdLocked, false);
    assert.equal(before.savedBindAddress, null);
    assert.equal(before.bindAddressOverridden, true);
    assert.equal(before.bindAddress, new URL(server.url).host);

    const res = await putSettings(server.url, cookie, { lfsThreshold: 2048 });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.json() as Settings).lfsThreshold, 2048);

    const repo = createTestRepo(server);
    const preupload = await httpRequest(`${server.url}/api/models/${repo.fullName}/preupload/main`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ files: [{ path: 'notes.md', size: 4096, sample: Buffer.from('# notes').toString('base64') }, { path: 'small.md', size: 100, sample: '' }] }),
    });
    assert.deepEqual(
      (preupload.json() as { files: Array<{ uploadMode: string }> }).files.map((file) => file.uploadMode),
      ['lfs', 'regular'],
    );
    await uploadFiles({
      repo: { type: 'model', name: repo.fullName },
      hubUrl: server.url,
      accessToken: server.token,
      files: [{ path: 'notes.md', content: new Blob(['#'.repeat(4096)]) }],
    });
    const entry = server.core.store.getEntry(headOf(server, repo), 'notes.md');
    assert.ok(entry?.type === 'file' && entry.lfs !== undefined, 'a 4 KiB text file is stored through LFS');
  });

  it('refuses bad values with InvalidSetting, unknown fields and non-JSON bodies, and changes nothing', async (t) => {
    const server = await startServer(t);
    const cookie = await signIn(server.core, server.url);
    const cases: Array<[unknown, number, string, RegExp]> = [
      [{ lfsThreshold: 10 }, 400, 'InvalidSetting', /from 1,024 bytes/],
      [{ lfsThreshold: '4096' }, 400, 'InvalidSetting', /whole number of bytes/],
      [{ bindAddress: 'localhost' }, 400, 'InvalidSetting', /needs a port/],
      [{ bindAddress: '127.0.0.1:99999' }, 400, 'InvalidSetting', /1 to 65535/],
      [{ lfsThreshold: 4096, bindAddress: '::1:7870' }, 400, 'InvalidSetting', /brackets/],
      [{ theme: 'dark' }, 400, 'BadRequest', /theme/],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await putSettings(server.url, cookie, body);
      assert.deepEqual([res.status, res.header('x-error-code')], [status, code], JSON.stringify(body));
      assert.match(res.header('x-error-message'), message);
    }
    const form = await putSettings(server.url, cookie, { lfsThreshold: 4096 }, 'application/x-www-form-urlencoded');
    assert.equal(form.status, 415);
    const anonymous = await httpRequest(`${server.url}/-/api/v1/settings/server`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"lfsThreshold":4096}' });
    assert.equal(anonymous.status, 401);
    const after = (await getSettings(server.url, cookie)).json() as Settings;
    assert.equal(after.lfsThreshold, 10 * 1024 * 1024);
    assert.equal(after.savedBindAddress, null);
  });

  it('keeps HUBKEEPER_LFS_THRESHOLD in force and answers 409 SettingLocked to a change', async (t) => {
    const server = await startServer(t, { overrides: { lfsThreshold: 5000 } });
    const cookie = await signIn(server.core, server.url);
    const settings = (await getSettings(server.url, cookie)).json() as Settings;
    assert.deepEqual([settings.lfsThreshold, settings.lfsThresholdLocked], [5000, true]);
    const res = await putSettings(server.url, cookie, { lfsThreshold: 4096 });
    assert.deepEqual([res.status, res.header('x-error-code')], [409, 'SettingLocked']);
  });

  it('listens on the saved bind address at the next start unless --host/--port say otherwise', async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hubkeeper-test-'));
    t.after(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startCore(t, dataDir, { host: '127.0.0.1', port: 0 });
    const cookie = await signIn(first.core, first.url);
    const port = await freePort();
    const saved = await putSettings(first.url, cookie, { bindAddress: `127.0.0.1:${port}`, lfsThreshold: 3000 });
    assert.equal(saved.status, 200, saved.text);
    assert.equal((saved.json() as Settings).savedBindAddress, `127.0.0.1:${port}`);
    assert.notEqual(new URL(first.url).port, String(port), 'the running server does not move');
    await first.core.stop();

    // --port 0 still wins over the saved port.
    const pinned = await startCore(t, dataDir, { host: '127.0.0.1', port: 0 });
    assert.notEqual(new URL(pinned.url).port, String(port));
    const pinnedSettings = (await getSettings(pinned.url, await signIn(pinned.core, pinned.url))).json() as Settings;
    assert.deepEqual([pinnedSettings.savedBindAddress, pinnedSettings.lfsThreshold], [`127.0.0.1:${port}`, 3000]);
    await pinned.core.stop();

    // Without --port (and without HUBKEEPER_PORT) the saved port is used.
    const next = await startCore(t, dataDir, { host: '127.0.0.1' });
    assert.equal(next.url, `http://127.0.0.1:${port}`);
  });
});
