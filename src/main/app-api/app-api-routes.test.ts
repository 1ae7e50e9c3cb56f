import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiffResponse, LibraryResponse, ReadmeResponse, RepoOverview, RepoTree } from '../../shared/app-api.js';
import { httpRequest, type HttpResponse } from '../../../test/helpers/http-request.js';
import { startServer, type TestServer } from '../../../test/helpers/start-server.js';

const author = { name: 'alice', email: 'alice@example.com' };
const text = (value: string) => ({ data: new TextEncoder().encode(value) });

async function signIn(server: TestServer): Promise<string> {
  const code = /#\/sign-in\/(.+)$/.exec(server.core.ui.signInUrl(server.url))?.[1] ?? '';
  const res = await httpRequest(`${server.url}/-/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  assert.equal(res.status, 200, res.text);
  const cookie = res.header('set-cookie');
  assert.match(cookie, /^hubkeeper_session=[^;]+; Path=\/-\/api\/v1; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
  return cookie.split(';')[0] ?? '';
}

function get(server: TestServer, cookie: string, path: string): Promise<HttpResponse> {
  return httpRequest(`${server.url}/-/api/v1${path}`, { headers: { cookie } });
}

function post(server: TestServer, cookie: string, path: string, body: unknown): Promise<HttpResponse> {
  return httpRequest(`${server.url}/-/api/v1${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function seed(server: TestServer): Promise<number> {
  const { store } = server.core;
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'tiny', author });
  await store.commit({
    repoId: repo.id,
    branch: 'main',
    title: 'Add weights and card',
    author,
    operations: [
      { type: 'add', path: 'README.md', content: text('---\nlicense: mit\n---\n# Tiny\n') },
      { type: 'add', path: 'weights/model.bin', content: { data: new Uint8Array(2048).fill(7) }, lfs: 'always' },
    ],
  });
  store.createBranch(repo.id, 'dev');
  await store.commit({
    repoId: repo.id,
    branch: 'dev',
    title: 'Tune config',
    author,
    operations: [{ type: 'add', path: 'weights/config.json', content: text('{"a":1}') }],
  });
  return repo.id;
}

describe('app API', () => {
  it('signs in once with the link code and keeps the session after a restart-safe cookie check', async (t) => {
    const server = await startServer(t);
    const cookie = await signIn(server);
    const me = await get(server, cookie, '/session');
    assert.deepEqual(me.json(), { user: 'alice', via: 'link', role: 'owner', canWrite: true });

    const code = /#\/sign-in\/(.+)$/.exec(server.core.ui.signInUrl(server.url))?.[1] ?? '';
    const body = JSON.stringify({ code });
    const headers = { 'content-type': 'application/json' };
    assert.equal((await httpRequest(`${server.url}/-/api/v1/session`, { method: 'POST', headers, body })).status, 200);
    const reused = await httpRequest(`${server.url}/-/api/v1/session`, { method: 'POST', headers, body });
    assert.equal(reused.status, 401);
    assert.match(reused.header('x-error-message'), /used or has expired/);
  });

  it('signs in with a hub token, read-only for a read token', async (t) => {
    const server = await startServer(t);
    const readToken = server.core.accounts.createToken('alice', { role: 'read', displayName: 'r' });
    const res = await httpRequest(`${server.url}/-/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: readToken }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { user: 'alice', via: 'token', role: 'user', canWrite: false });
    const cookie = res.header('set-cookie').split(';')[0] ?? '';
    assert.equal((await get(server, cookie, '/library')).status, 200);
    const write = await post(server, cookie, '/hubs', { name: 'x', endpoint: 'http://127.0.0.1:1' });
    assert.equal(write.status, 403);
    const bad = await httpRequest(`${server.url}/-/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'hf_not_a_real_token_1234' }),
    });
    assert.equal(bad.status, 401);
  });

  it('refuses requests without a session, form posts, and foreign origins', async (t) => {
    const server = await startServer(t);
    const none = await httpRequest(`${server.url}/-/api/v1/library`);
    assert.equal(none.status, 401);
    assert.equal(none.header('x-error-code'), 'Unauthorized');
    const bearerOnly = await httpRequest(`${server.url}/-/api/v1/library`, { headers: { authorization: `Bearer ${server.token}` } });
    assert.equal(bearerOnly.status, 401, 'a hub token is not a UI session');
    const cookie = await signIn(server);
    const form = await httpRequest(`${server.url}/-/api/v1/hubs`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x&endpoint=http://evil',
    });
    assert.equal(form.status, 415);
    const formSignIn = await httpRequest(`${server.url}/-/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"code":"x"}',
    });
    assert.equal(formSignIn.status, 415);
    const foreign = await httpRequest(`${server.url}/-/api/v1/hubs`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'x', endpoint: 'http://127.0.0.1:1' }),
    });
    assert.equal(foreign.status, 403);
    const forged = await get(server, 'hubkeeper_session=eyJ2IjoxfQ.AAAA', '/library');
    assert.equal(forged.status, 401);
    const signOut = await httpRequest(`${server.url}/-/api/v1/session`, {
      method: 'DELETE',
      headers: { cookie, 'content-type': 'application/json', 'content-length': '2' },
      body: '{}',
    });
    assert.equal(signOut.status, 200);
    assert.match(signOut.header('set-cookie'), /Max-Age=0/);
  });

  it('lists hub repos with sizes and shows tree, README, history, diff', async (t) => {
    const server = await startServer(t);
    await seed(server);
    const cookie = await signIn(server);

    const library = (await get(server, cookie, '/library')).json() as LibraryResponse;
    assert.equal(library.repos.length, 1);
    const [repo] = library.repos;
    assert.equal(repo?.id, 'alice/tiny');
    assert.equal(repo?.source, 'hub');
    assert.equal(repo?.revisions, 2);
    assert.ok((repo?.sizeOnDisk ?? 0) > 2048);

    const base = '/repos/hub/model/alice%2Ftiny';
    const overview = (await get(server, cookie, base)).json() as RepoOverview;
    assert.deepEqual(overview.refs.map((ref) => `${ref.kind}:${ref.name}`).sort(), ['branch:dev', 'branch:main']);

    const tree = (await get(server, cookie, `${base}/tree?revision=dev`)).json() as RepoTree;
    const weights = tree.files.find((file) => file.path === 'weights/model.bin');
    assert.equal(weights?.size, 2048);
    assert.equal(weights?.lfs, true);
    assert.match(weights?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.match(weights?.oid ?? '', /^[0-9a-f]{40}$/);

    const readme = (await get(server, cookie, `${base}/readme?revision=main`)).json() as ReadmeResponse;
    assert.equal(readme.path, 'README.md');
    assert.match(readme.text, /# Tiny/);

    const commits = (await get(server, cookie, `${base}/commits?revision=dev`)).json() as { commits: Array<{ title: string }> };
    assert.deepEqual(commits.commits.map((commit) => commit.title), ['Tune config', 'Add weights and card', 'initial commit']);

    const diff = (await get(server, cookie, `${base}/diff?from=main&to=dev`)).json() as DiffResponse;
    assert.deepEqual(diff.changes.map((change) => `${change.change} ${change.path}`), ['added weights/config.json']);

    const missing = await get(server, cookie, '/repos/hub/model/alice%2Fnope');
    assert.equal(missing.status, 404);
    assert.equal(missing.header('x-error-code'), 'RepoNotFound');
  });

  it('previews and deletes a branch', async (t) => {
    const server = await startServer(t);
    await seed(server);
    const cookie = await signIn(server);
    const base = '/repos/hub/model/alice%2Ftiny';
    const preview = await post(server, cookie, `${base}/delete-preview`, { revision: 'refs/heads/dev' });
    assert.equal(preview.status, 200, preview.text);
    assert.deepEqual(preview.json(), { freedBytes: 7, files: 1, deferred: true });
    const deleted = await post(server, cookie, `${base}/delete-revision`, { revision: 'refs/heads/dev' });
    assert.equal(deleted.status, 200);
    const overview = (await get(server, cookie, base)).json() as RepoOverview;
    assert.deepEqual(overview.refs.map((ref) => ref.name), ['main']);
  });

  it('keeps remote hubs with their tokens out of answers', async (t) => {
    const server = await startServer(t);
    const cookie = await signIn(server);
    const added = await post(server, cookie, '/hubs', { name: 'Mirror', endpoint: 'http://127.0.0.1:9/', token: 'hf_secret_value' });
    assert.equal(added.status, 200, added.text);
    const hubs = (await get(server, cookie, '/hubs')).json() as { hubs: Array<{ name: string; endpoint: string; hasToken: boolean }> };
    assert.deepEqual(hubs.hubs.map((hub) => [hub.name, hub.endpoint, hub.hasToken]), [
      ['Hugging Face', 'https://huggingface.co', false],
      ['Mirror', 'http://127.0.0.1:9', true],
    ]);
    assert.ok(!JSON.stringify(hubs).includes('hf_secret_value'));
    const invalid = await post(server, cookie, '/hubs', { name: 'x', endpoint: 'ftp://host' });
    assert.equal(invalid.status, 400);
  });
});
