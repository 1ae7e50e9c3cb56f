import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readlink, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { httpRequest } from '../../../test/helpers/http-request.js';
import { startServer } from '../../../test/helpers/start-server.js';

describe('GET /-/api/v1/events', () => {
  it('streams events to a signed-in UI, and ends the stream when the core stops', async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'hubkeeper-events-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    const cacheDir = join(root, 'cache');
    const server = await startServer(t, { overrides: { hubCache: cacheDir } });
    const code = /#\/sign-in\/(.+)$/.exec(server.core.ui.signInUrl(server.url))?.[1] ?? '';
    const signIn = await httpRequest(`${server.url}/-/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    const cookie = signIn.header('set-cookie').split(';')[0] ?? '';

    const refused = await httpRequest(`${server.url}/-/api/v1/events`);
    assert.equal(refused.status, 401);

    let text = '';
    const ended = new Promise<void>((resolve, reject) => {
      const req = request(`${server.url}/-/api/v1/events`, { headers: { cookie } }, (res) => {
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    while (!text.includes(': connected')) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.match(text, /^retry: \d+\n/);

    await mkdir(cacheDir, { recursive: true });
    const moved = await httpRequest(`${server.url}/-/api/v1/settings/cache-move`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ path: join(root, 'moved') }),
    });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(moved.json(), { path: join(root, 'moved') });
    assert.equal(await readlink(cacheDir), join(root, 'moved'), 'the old path points at the new one');
    while (!text.includes('library-changed')) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.match(text, /\ndata: \{"type":"library-changed"\}\n\n/);

    const started = Date.now();
    await server.stop();
    await ended;
    assert.ok(Date.now() - started < 3000, 'an open stream does not hold the shutdown');
  });
});
