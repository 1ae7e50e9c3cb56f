import assert from 'node:assert/strict';
import { get } from 'node:http';
import { describe, it } from 'node:test';
import type { AppEvent, DownloadJob, DownloadsResponse, PullPreview, SyncMirror, SyncStatusResponse } from '../../src/shared/app-api.js';
import { lastInFirstOut, randomContent } from '../helpers/download-fixtures.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';

const REPO = encodeURIComponent('alice/m1');

/** The app events a session receives over SSE, as they come. */
function eventStream(t: Cleanup, server: TestServer, cookie: string): { next: (wanted: (event: AppEvent) => boolean) => Promise<AppEvent> } {
  const seen: AppEvent[] = [];
  const waiters: Array<{ wanted: (event: AppEvent) => boolean; resolve: (event: AppEvent) => void }> = [];
  const request = get(`${server.url}/-/api/v1/events`, { headers: { cookie, accept: 'text/event-stream' } }, (response) => {
    let buffer = '';
    response.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer.slice(0, end).split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
        buffer = buffer.slice(end + 2);
        if (data === '') continue;
        const event = JSON.parse(data) as AppEvent;
        seen.push(event);
        for (const waiter of waiters.filter((candidate) => candidate.wanted(event))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  });
  request.on('error', () => undefined);
  t.after(() => request.destroy());
  return {
    next: (wanted) => {
      const already = seen.find(wanted);
      return already ? Promise.resolve(already) : new Promise((resolve) => waiters.push({ wanted, resolve }));
    },
  };
}

async function twoHubs(t: Cleanup) {
  const remote = await startServer(t);
  const local = await startServer(t);
  const { repo } = await seedRepo(remote.core.store, { files: { 'config.json': '{"v":1}', 'weights.bin': randomContent(64 * 1024) }, title: 'Add the model' });
  await commitFiles(remote.core.store, repo.id, { 'README.md': '# m1\n' }, { title: 'Add a README' });
  return { remote, local, repo };
}

describe('app API: the sync panel\'s routes', () => {
  it('previews a pull, runs it as a job listed beside downloads, and shows the link with nothing ahead or behind', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, repo } = await twoHubs(t);
    const owner = await ownerSession(local);

    const preview = (await appRequest(local, owner, 'GET', `/sync/model/${REPO}/preview?remote=${encodeURIComponent(remote.url)}&history=1`)).json() as PullPreview;
    assert.equal(preview.localCommit, null);
    assert.equal(preview.newCommits, 3);
    assert.deepEqual(preview.files.map((file) => [file.path, file.fetch]).sort(), [['.gitattributes', true], ['README.md', true], ['config.json', true], ['weights.bin', true]]);
    assert.ok(preview.bytesToFetch > 64 * 1024);

    const started = await appRequest(local, owner, 'POST', `/sync/model/${REPO}/pull`, { remote: remote.url, history: true });
    assert.equal(started.status, 200, started.text);
    const job = started.json() as DownloadJob;
    assert.equal(job.kind, 'pull');
    assert.equal(job.repo, 'alice/m1');
    const listed = (await appRequest(local, owner, 'GET', '/downloads')).json() as DownloadsResponse;
    assert.ok(listed.jobs.some((entry) => entry.id === job.id && entry.kind === 'pull'), 'the pull is listed with the downloads');
    const finished = await local.core.jobs.waitFor(Number(job.id));
    assert.equal(finished.state, 'done', finished.error);

    const status = (await appRequest(local, owner, 'GET', `/sync/model/${REPO}/status`)).json() as SyncStatusResponse;
    assert.equal(status.links.length, 1);
    assert.equal(status.links[0]?.ahead, 0);
    assert.equal(status.links[0]?.behind, 0);
    assert.equal(status.links[0]?.remoteHead, remote.core.store.resolveRevision(repo.id, 'main'));

    await commitFiles(remote.core.store, repo.id, { 'b.txt': 'b' }, { title: 'Add b' });
    const behind = (await appRequest(local, owner, 'GET', `/sync/model/${REPO}/status`)).json() as SyncStatusResponse;
    assert.equal(behind.links[0]?.behind, 1);
    const again = (await appRequest(local, owner, 'GET', `/sync/model/${REPO}/preview?remote=${encodeURIComponent(remote.url)}`)).json() as PullPreview;
    assert.deepEqual(again.files.map((file) => [file.path, file.fetch]), [['b.txt', true]]);
    assert.equal(again.bytesToFetch, 1);
  });

  it('adds a mirror that runs at once, tells the UI when it fails, lists and removes it', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local } = await twoHubs(t);
    const owner = await ownerSession(local);
    const events = eventStream(t, local, owner);

    const added = await appRequest(local, owner, 'POST', '/sync/mirrors', { remote: remote.url, repo: 'alice/missing', every: '1h' });
    assert.equal(added.status, 200, added.text);
    const mirror = added.json() as SyncMirror;
    const failed = await events.next((event) => event.type === 'mirror' && event.mirror.id === mirror.id);
    assert.ok(failed.type === 'mirror');
    assert.equal(failed.mirror.lastResult?.ok, false);
    assert.match(failed.mirror.lastResult?.message ?? '', /alice\/missing was not found/);

    const good = (await appRequest(local, owner, 'POST', '/sync/mirrors', { remote: remote.url, repo: 'alice/m1', every: '6h', history: true })).json() as SyncMirror;
    const updated = await events.next((event) => event.type === 'mirror' && event.mirror.id === good.id);
    assert.ok(updated.type === 'mirror');
    assert.equal(updated.mirror.lastResult?.ok, true);
    assert.match(updated.mirror.lastResult?.message ?? '', /^updated: 2 commits/);

    const listed = (await appRequest(local, owner, 'GET', '/sync/mirrors')).json() as { mirrors: SyncMirror[] };
    assert.deepEqual(listed.mirrors.map((entry) => [entry.repo, entry.lastResult?.ok]), [['alice/m1', true], ['alice/missing', false]]);
    assertRefused(await appRequest(local, owner, 'POST', '/sync/mirrors', { remote: remote.url, repo: 'alice/m1', every: 'sometimes' }), 400, 'BadRequest', 'a bad period');
    assertRefused(await appRequest(local, owner, 'POST', '/sync/mirrors', { remote: 'nowhere', repo: 'alice/m1' }), 404, 'NotFound', 'an unknown remote');
    assert.equal((await appRequest(local, owner, 'DELETE', `/sync/mirrors/${mirror.id}`)).status, 200);
    assertRefused(await appRequest(local, owner, 'DELETE', `/sync/mirrors/${mirror.id}`), 404, 'NotFound', 'removed twice');
  });

  it('refuses anonymous callers, another user, and an owner session opened with a read token for what writes', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local } = await twoHubs(t);
    local.core.accounts.createUser('bob');
    const bob = await tokenSession(local, local.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' }));
    // An admin is an owner session when signed in with a token; with a read token it may not write.
    local.core.accounts.setAdmin(local.user, true);
    const reader = await tokenSession(local, local.core.accounts.createToken(local.user, { role: 'read', displayName: 'read only' }));
    const routes: Array<[string, string, unknown]> = [
      ['GET', `/sync/model/${REPO}/status`, undefined],
      ['GET', `/sync/model/${REPO}/preview?remote=${encodeURIComponent(remote.url)}`, undefined],
      ['POST', `/sync/model/${REPO}/pull`, { remote: remote.url }],
      ['GET', '/sync/mirrors', undefined],
      ['POST', '/sync/mirrors', { remote: remote.url, repo: 'alice/m1' }],
      ['DELETE', '/sync/mirrors/1', undefined],
    ];
    for (const [method, path, body] of routes) {
      assertRefused(await appRequest(local, undefined, method, path, body), 401, 'Unauthorized', `anonymous ${method} ${path}`);
      assertRefused(await appRequest(local, bob, method, path, body), 403, 'Forbidden', `bob ${method} ${path}`);
    }
    for (const [method, path] of routes.filter(([method]) => method === 'GET')) {
      const res = await appRequest(local, reader, method, path);
      assert.ok(res.status === 200 || res.status === 404, `a read session may look: ${method} ${path} ${res.text}`);
    }
    for (const [method, path, body] of routes.filter(([method]) => method !== 'GET')) {
      const res = await appRequest(local, reader, method, path, body);
      assertRefused(res, 403, 'Forbidden', `read token ${method} ${path}`);
    }
    assert.equal(local.core.store.findRepo('model', 'alice', 'm1'), undefined, 'nothing was pulled');
    assertRefused(await appRequest(local, await ownerSession(local), 'POST', `/sync/model/${REPO}/pull`, { remote: remote.url, revision: 'main', allRefs: true }), 400, 'BadRequest', 'revision and all refs');
  });
});
