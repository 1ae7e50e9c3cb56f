import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { describe, it } from 'node:test';
import { HubApiError, createRepo, datasetInfo, deleteRepo, listModels, modelInfo, repoExists } from '@huggingface/hub';
import type { HfRepoInfo, HfUserRepos } from '../../src/shared/hf-repo-info.js';
import { bearer, httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const author = { name: 'alice', email: 'alice@example.com' };
const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface Hub {
  readonly server: TestServer;
  readonly url: string;
  /** A write token of bob, a second user. */
  readonly bob: string;
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<HttpResponse>;
  create(name: string, body?: Record<string, unknown>, token?: string): Promise<HttpResponse>;
  info(path: string, token?: string): Promise<HfRepoInfo>;
  commit(repoName: string, files: Record<string, Buffer | string>, options?: { type?: 'model' | 'dataset'; lfs?: boolean }): Promise<string>;
}

async function startHub(t: { after(fn: () => unknown): void }): Promise<Hub> {
  const server = await startServer(t);
  server.core.accounts.createUser('bob');
  const bob = server.core.accounts.createToken('bob', { role: 'write', displayName: 'bob' });
  const request: Hub['request'] = (method, path, options = {}) =>
    httpRequest(`${server.url}${path}`, {
      method,
      headers: {
        ...(options.token ? bearer(options.token) : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
  return {
    server,
    url: server.url,
    bob,
    request,
    create: (name, body = {}, token = server.token) => request('POST', '/api/repos/create', { token, body: { name, organization: null, ...body } }),
    async info(path, token) {
      const res = await request('GET', path, token === undefined ? {} : { token });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      return res.json() as HfRepoInfo;
    },
    async commit(repoName, files, options = {}) {
      const store = server.core.store;
      const repo = store.getRepo(options.type ?? 'model', 'alice', repoName);
      const result = await store.commit({
        repoId: repo.id,
        branch: 'main',
        title: `update ${Object.keys(files).join(', ')}`,
        author,
        operations: Object.entries(files).map(([path, data]) => ({
          type: 'add' as const,
          path,
          content: { data: Buffer.from(data) },
          lfs: options.lfs ? ('always' as const) : ('auto' as const),
        })),
      });
      return result.commitOid;
    },
  };
}

function errorCode(res: HttpResponse): string {
  return res.header('x-error-code');
}

describe('repo management with the official JS client', () => {
  it('creates, finds, describes, lists and deletes repos', async (t) => {
    const hub = await startHub(t);
    const credentials = { hubUrl: hub.url, accessToken: hub.server.token };

    const model = await createRepo({ ...credentials, repo: 'alice/m1' });
    assert.equal(model.repoUrl, `${hub.url}/alice/m1`);
    assert.match(model.id, /^[0-9a-f]{24}$/);
    const dataset = await createRepo({ ...credentials, repo: { type: 'dataset', name: 'alice/d1' } });
    assert.equal(dataset.repoUrl, `${hub.url}/datasets/alice/d1`);
    await createRepo({
      ...credentials,
      repo: 'alice/with-card',
      files: [
        { path: 'README.md', content: new Blob(['---\nlicense: mit\npipeline_tag: text-generation\nlibrary_name: transformers\n---\n# Card\n']) },
        { path: 'sub/config.json', content: new Blob(['{}']) },
      ],
    });
    await assert.rejects(
      createRepo({ ...credentials, repo: 'alice/m1' }),
      (error: unknown) => error instanceof HubApiError && error.statusCode === 409,
    );

    assert.equal(await repoExists({ ...credentials, repo: 'alice/m1' }), true);
    assert.equal(await repoExists({ ...credentials, repo: { type: 'dataset', name: 'alice/d1' } }), true);
    assert.equal(await repoExists({ ...credentials, repo: 'alice/nope' }), false);
    assert.equal(await repoExists({ hubUrl: hub.url, repo: 'alice/m1' }), true, 'anonymous callers see public repos');

    const info = await modelInfo({ ...credentials, name: 'alice/with-card', additionalFields: ['cardData', 'tags', 'sha', 'filePaths', 'createdAt'] });
    assert.equal(info.id, (await hub.info('/api/models/alice/with-card'))._id);
    assert.equal(info.name, 'alice/with-card');
    assert.equal(info.private, false);
    assert.equal(info.task, 'text-generation');
    assert.ok(!Number.isNaN(info.updatedAt.getTime()));
    assert.deepEqual(info.cardData, { license: 'mit', pipeline_tag: 'text-generation', library_name: 'transformers' });
    assert.deepEqual(info.tags, ['transformers', 'license:mit']);
    assert.deepEqual(info.filePaths.sort(), ['.gitattributes', 'README.md', 'sub/config.json']);
    assert.match(info.sha ?? '', /^[0-9a-f]{40}$/);

    const dInfo = await datasetInfo({ ...credentials, name: 'alice/d1' });
    assert.equal(dInfo.name, 'alice/d1');
    assert.equal(dInfo.downloads, 0);

    const names: string[] = [];
    for await (const entry of listModels({ ...credentials, search: { owner: 'alice' } })) names.push(entry.name);
    assert.deepEqual(names.sort(), ['alice/m1', 'alice/with-card']);

    await deleteRepo({ ...credentials, repo: 'alice/m1' });
    assert.equal(await repoExists({ ...credentials, repo: 'alice/m1' }), false);
    await assert.rejects(deleteRepo({ ...credentials, repo: 'alice/m1' }), (error: unknown) => error instanceof HubApiError && error.statusCode === 404);
  });

  it('creates a Space with its SDK', async (t) => {
    const hub = await startHub(t);
    const created = await createRepo({ hubUrl: hub.url, accessToken: hub.server.token, repo: { type: 'space', name: 'alice/s1' }, sdk: 'docker' });
    assert.equal(created.repoUrl, `${hub.url}/spaces/alice/s1`);
    assert.equal((await hub.info('/api/spaces/alice/s1')).sdk, 'docker');
    const missing = await hub.create('s2', { type: 'space' });
    assert.equal(missing.status, 400);
    assert.match((missing.json() as { error: string }).error, /sdk/);
  });
});

describe('protocol gotchas of repo routes', () => {
  it('answers a repeated create with 409 and the repo url in the body', async (t) => {
    const hub = await startHub(t);
    assert.equal((await hub.create('m1')).status, 200);
    const again = await hub.create('M1');
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'RepoExists');
    assert.equal(again.header('content-type'), 'application/json; charset=utf-8');
    const body = again.json() as { url: string; error: string };
    assert.equal(body.url, `${hub.url}/alice/m1`);
    assert.doesNotMatch(body.error, /conflicting operation/);
  });

  it('builds urls from the Host the client used', async (t) => {
    const hub = await startHub(t);
    const port = new URL(hub.url).port;
    const res = await hub.request('POST', '/api/repos/create', {
      token: hub.server.token,
      headers: { host: `localhost:${port}` },
      body: { name: 'd1', organization: 'alice', type: 'dataset', visibility: 'public' },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { url: `http://localhost:${port}/datasets/alice/d1`, name: 'alice/d1', id: (res.json() as { id: string }).id });
  });

  it('accepts the legacy private flag and answers dates in UTC with milliseconds and Z', async (t) => {
    const hub = await startHub(t);
    assert.equal((await hub.create('p1', { private: true })).status, 200);
    assert.equal((await hub.request('GET', '/api/models/alice/p1')).status, 401);
    const info = await hub.info('/api/models/alice/p1', hub.server.token);
    assert.equal(info.private, true);
    assert.match(info.lastModified, ISO_Z);
    assert.match(info.createdAt, ISO_Z);
  });

  it('resolves HEAD, branches with slashes (%2F), tags and commit ids; unknown revisions are RevisionNotFound', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    const sha = await hub.commit('m1', { 'a.txt': 'a' });
    const store = hub.server.core.store;
    const repo = store.getRepo('model', 'alice', 'm1');
    store.createBranch(repo.id, 'feat/x', 'main');
    store.createTag(repo.id, 'v1', 'main');
    for (const rev of ['HEAD', 'main', 'feat%2Fx', 'feat/x', 'v1', sha, 'refs%2Fheads%2Fmain']) {
      assert.equal((await hub.info(`/api/models/alice/m1/revision/${rev}`)).sha, sha, rev);
    }
    assert.equal((await hub.info('/api/models/alice/m1')).sha, sha);
    const missing = await hub.request('GET', '/api/models/alice/m1/revision/nope');
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing), 'RevisionNotFound');
  });

  it('lists every file recursively in siblings, with blob metadata when asked', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    await hub.commit('m1', { 'a/b/c.txt': 'hello', 'top.json': '{}' });
    await hub.commit('m1', { 'weights/w.bin': Buffer.alloc(3000, 1) }, { lfs: true });
    const plain = await hub.info('/api/models/alice/m1');
    assert.deepEqual(plain.siblings?.map((s) => s.rfilename).sort(), ['.gitattributes', 'a/b/c.txt', 'top.json', 'weights/w.bin']);
    assert.deepEqual(plain.siblings?.find((s) => s.rfilename === 'top.json'), { rfilename: 'top.json' });
    for (const flag of ['true', 'True', '1']) {
      const detailed = await hub.info(`/api/models/alice/m1?blobs=${flag}`);
      const weights = detailed.siblings?.find((s) => s.rfilename === 'weights/w.bin');
      assert.equal(weights?.size, 3000);
      assert.match(weights?.blobId ?? '', /^[0-9a-f]{40}$/);
      assert.equal(weights?.lfs?.size, 3000);
      assert.match(weights?.lfs?.sha256 ?? '', /^[0-9a-f]{64}$/);
      assert.ok((weights?.lfs?.pointerSize ?? 0) > 100);
      assert.equal(detailed.siblings?.find((s) => s.rfilename === 'a/b/c.txt')?.size, 5);
    }
    assert.equal(typeof plain.usedStorage, 'number');
  });

  it('validate-yaml always answers JSON', async (t) => {
    const hub = await startHub(t);
    const ok = await hub.request('POST', '/api/validate-yaml', { body: { content: '---\nlicense: mit\n---\n# hi\n', repoType: 'model' } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json(), { errors: [], warnings: [] });

    const garbage = await hub.request('POST', '/api/validate-yaml', { body: { content: '---\nlicense: [mit\n  tags: {\n---\n', repoType: 'model' } });
    assert.equal(garbage.status, 400);
    const errors = (garbage.json() as { errors: Array<{ message: string }> }).errors;
    assert.ok(errors.length > 0 && errors.every((error) => typeof error.message === 'string'));

    const attempts: Array<{ headers: Record<string, string>; body?: string }> = [
      { headers: { 'content-type': 'application/json' }, body: '{"content": ' },
      { headers: { 'content-type': 'text/plain' }, body: 'content' },
      { headers: { 'content-type': 'application/json' }, body: '[]' },
      { headers: {} },
    ];
    for (const attempt of attempts) {
      const res = await httpRequest(`${hub.url}/api/validate-yaml`, { method: 'POST', ...attempt });
      assert.equal(res.status, 400, JSON.stringify(attempt));
      assert.match(res.header('content-type'), /^application\/json/);
      assert.ok((res.json() as { errors: unknown[] }).errors.length > 0);
    }
  });

  it('reports the server version', async (t) => {
    const hub = await startHub(t);
    const res = await hub.request('GET', '/api/version');
    assert.equal(res.status, 200);
    const body = res.json() as { version: string; api: string };
    assert.equal(body.api, 'huggingface-compatible');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });
});

describe('visibility', () => {
  it('hides private repos: anonymous 401, other users 404, members 200; unknown tokens read public repos', async (t) => {
    const hub = await startHub(t);
    await hub.create('private', { visibility: 'private' });
    await hub.create('public');
    const cases: Array<[string | undefined, number]> = [[undefined, 401], [hub.bob, 404], [hub.server.token, 200], ['hf_unknown_from_hfco_1234', 401]];
    for (const [token, status] of cases) {
      const res = await hub.request('GET', '/api/models/alice/private', token === undefined ? {} : { token });
      assert.equal(res.status, status, String(token));
      if (status !== 200) assert.equal(errorCode(res), 'RepoNotFound');
    }
    assert.equal((await hub.request('GET', '/api/models/alice/public', { token: 'hf_unknown_from_hfco_1234' })).status, 200);
    assert.equal((await hub.request('GET', '/api/models/alice/nope')).status, 401);
    assert.equal((await hub.request('GET', '/api/models/alice/nope', { token: hub.bob })).status, 404);
    assert.equal((await hub.request('GET', '/api/models/alice/private/treesize/main', { token: hub.bob })).status, 404);
  });

  it('lists private repos only to members, including organisation members', async (t) => {
    const hub = await startHub(t);
    const { accounts } = hub.server.core;
    accounts.createOrg('acme');
    accounts.addMember('acme', 'bob', 'read');
    await hub.create('secret', { visibility: 'private' });
    await hub.create('open');
    assert.equal((await hub.create('org-secret', { organization: 'acme', visibility: 'private' })).status, 403, 'alice is not in acme');
    accounts.addMember('acme', 'alice', 'write');
    assert.equal((await hub.create('org-secret', { organization: 'acme', visibility: 'private' })).status, 200);

    const names = async (token?: string): Promise<string[]> => {
      const res = await hub.request('GET', '/api/models?sort=id', token === undefined ? {} : { token });
      assert.equal(res.status, 200);
      return (res.json() as HfRepoInfo[]).map((repo) => repo.id);
    };
    assert.deepEqual(await names(), ['alice/open']);
    assert.deepEqual(await names(hub.bob), ['acme/org-secret', 'alice/open']);
    assert.deepEqual(await names(hub.server.token), ['acme/org-secret', 'alice/open', 'alice/secret']);

    const grouped = await hub.request('GET', '/api/users/alice/repos');
    const body = grouped.json() as HfUserRepos;
    assert.deepEqual(body.models.map((repo) => repo.id), ['alice/open']);
    assert.deepEqual(body.datasets, []);
    assert.deepEqual(body.spaces, []);
    const own = (await hub.request('GET', '/api/users/alice/repos', { token: hub.server.token })).json() as HfUserRepos;
    assert.deepEqual(own.models.map((repo) => repo.id).sort(), ['alice/open', 'alice/secret']);
    assert.equal((await hub.request('GET', '/api/users/nobody/repos')).status, 404);
  });
});

describe('bad input', () => {
  it('refuses invalid repo names with 400 and creates nothing', async (t) => {
    const hub = await startHub(t);
    const names = ['a--b', '-x', 'x-', 'x.git', 'a b', 'é', 'x'.repeat(97), '..', '.', 'a..b', 'a/b/c', ''];
    for (const name of names) {
      const res = await hub.create(name);
      assert.equal(res.status, 400, name);
      assert.ok(errorCode(res) !== '', name);
    }
    for (const organization of ['api', 'datasets', '-', '..', 'a/b']) {
      const res = await hub.create('ok', { organization });
      assert.ok(res.status === 400, `${organization}: ${res.status}`);
    }
    assert.deepEqual(hub.server.core.store.listRepos(), []);
  });

  it('answers malformed bodies with 400 JSON, never 500', async (t) => {
    const hub = await startHub(t);
    const token = hub.server.token;
    const bodies = ['{', '[]', 'null', '"name"', '{"name": 5}', '{"name": "x", "type": "kernel"}', '{"name": "x", "visibility": "secret"}',
      '{"name": "x", "files": [{"path": "a/../evil", "content": ""}]}', '{"name": "x", "files": [{"path": "a", "content": "%%%"}]}',
      '{"name": "x", "files": [{"path": ".git/config", "content": ""}]}'];
    for (const body of bodies) {
      const res = await hub.request('POST', '/api/repos/create', { token, body });
      assert.equal(res.status, 400, body);
      assert.match(res.header('content-type'), /^application\/json/);
    }
    // A path starting with ".." is 422, as on the Hub.
    const dotdot = await hub.request('POST', '/api/repos/create', { token, body: '{"name": "x", "files": [{"path": "../evil", "content": ""}]}' });
    assert.equal(dotdot.status, 422);
    assert.equal(dotdot.header('x-error-code'), 'UnprocessableEntity');
    assert.deepEqual(hub.server.core.store.listRepos(), [], 'a refused initial commit leaves no repo behind');
    await hub.create('m1');
    const settings = [{ lfsKeepVersions: 0 }, { lfsKeepVersions: 1.5 }, { gated: 'sometimes' }, { lfsThreshold: -1 }, { private: 'yes' }];
    for (const body of settings) {
      const res = await hub.request('PUT', '/api/models/alice/m1/settings', { token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.equal(hub.server.core.store.repoOptions(hub.server.core.store.getRepo('model', 'alice', 'm1').id).lfsKeepVersions, null);
    for (const [method, path, body] of [
      ['POST', '/api/repos/move', { fromRepo: 'alice/m1' }],
      ['POST', '/api/repos/move', { fromRepo: 'alice/m1', toRepo: 'alice/a--b' }],
      ['DELETE', '/api/repos/delete', { organization: 'alice' }],
      ['PUT', '/api/quota/alice', { limit: -5 }],
      ['PUT', '/api/quota/alice', { limit: '5' }],
      ['POST', '/api/validate/check-name', { name: 5 }],
    ] as const) {
      const res = await hub.request(method, path, { token, body });
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
    }
    assert.equal((await hub.request('GET', '/api/models?limit=0')).status, 400);
    assert.equal((await hub.request('GET', '/api/models?limit=abc')).status, 400);
    assert.equal((await hub.request('GET', '/api/models?sort=popularity')).status, 400);
    assert.equal((await hub.request('GET', '/api/models?direction=up')).status, 400);
    assert.equal((await hub.request('GET', '/api/models?cursor=garbage')).status, 400);
  });

  it('never answers 500 or writes anything for path traversal in any path parameter', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    const token = hub.server.token;
    const before = hub.server.core.store.resolveRevision(hub.server.core.store.getRepo('model', 'alice', 'm1').id, 'main');
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', '/api/models/..%2F..%2Fetc/passwd'],
      ['GET', '/api/models/alice/..%2Fm1'],
      ['GET', '/api/models/%2E%2E/m1'],
      ['GET', '/api/models/alice/m1/revision/..%2F..%2Fmain'],
      ['GET', '/api/models/alice/m1/revision/..'],
      ['GET', '/api/models/alice/m1/treesize/main/..%2F..%2Fetc'],
      ['GET', '/api/models/alice/m1/treesize/main/a/%2E%2E/%2E%2E'],
      ['GET', '/api/models/alice/m1/treesize/..%2Fmain'],
      ['GET', '/api/models/alice/m1/treesize/main/%00'],
      ['GET', '/api/models/alice/m1/treesize/main/%E0%A4%A'],
      ['POST', '/api/models/alice/m1/super-squash/..%2F..%2Fmain', {}],
      ['POST', '/api/models/alice/m1/super-squash/refs%2Fheads%2Fmain', {}],
      ['PUT', '/api/models/..%2Falice/m1/settings', { private: true }],
      ['PUT', '/api/models/alice/..%2Fm1/quota', { limit: 1 }],
      ['GET', '/api/quota/..%2F..%2Falice'],
      ['PUT', '/api/quota/..', { limit: 1 }],
      ['GET', '/api/users/..%2Falice/repos'],
      ['POST', '/api/repos/move', { fromRepo: '../alice/m1', toRepo: 'alice/x' }],
      ['POST', '/api/repos/move', { fromRepo: 'alice/m1', toRepo: '../../x' }],
      ['DELETE', '/api/repos/delete', { name: '../m1', organization: 'alice' }],
      ['POST', '/api/repos/create', { name: '..', organization: 'alice/../bob' }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await hub.request(method, path, { token, ...(body === undefined ? {} : { body }) });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path}: ${res.status} ${res.text}`);
      assert.ok(errorCode(res) !== '', `${method} ${path} has X-Error-Code`);
    }
    const store = hub.server.core.store;
    const repo = store.getRepo('model', 'alice', 'm1');
    assert.equal(store.resolveRevision(repo.id, 'main'), before);
    assert.equal(repo.private, false);
    assert.deepEqual(store.listRepos().map((r) => r.fullName), ['alice/m1']);
  });

  it('needs a valid write token with rights on the namespace to change anything', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    const readToken = hub.server.core.accounts.createToken('alice', { role: 'read', displayName: 'read' });
    const anonymous = await hub.request('POST', '/api/repos/create', { body: { name: 'x' } });
    assert.equal(anonymous.status, 401);
    assert.equal((await hub.create('x', {}, 'hf_unknown_token_1234')).status, 401);
    assert.equal((await hub.create('x', {}, readToken)).status, 403);
    assert.equal((await hub.create('x', { organization: 'bob' })).status, 403);
    assert.equal((await hub.request('DELETE', '/api/repos/delete', { token: readToken, body: { name: 'm1', organization: 'alice' } })).status, 403);
    assert.equal((await hub.request('DELETE', '/api/repos/delete', { token: hub.bob, body: { name: 'm1', organization: 'alice' } })).status, 403);
    assert.equal((await hub.request('PUT', '/api/models/alice/m1/settings', { token: hub.bob, body: { private: true } })).status, 403);
    assert.equal((await hub.request('POST', '/api/models/alice/m1/super-squash/main', { token: readToken })).status, 403);
    assert.equal((await hub.request('POST', '/api/repos/move', { token: hub.bob, body: { fromRepo: 'alice/m1', toRepo: 'bob/m1' } })).status, 403);
    assert.deepEqual(hub.server.core.store.listRepos().map((r) => r.fullName), ['alice/m1']);
  });
});

describe('move, settings and squash', () => {
  it('moves a repo; the old path answers a relative 307 and the old name is free again', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    await hub.create('taken');
    const sha = await hub.commit('m1', { 'a.txt': 'a' });
    const clash = await hub.request('POST', '/api/repos/move', { token: hub.server.token, body: { fromRepo: 'alice/m1', toRepo: 'alice/taken', type: 'model' } });
    assert.equal(clash.status, 409);
    assert.equal((clash.json() as { url: string }).url, `${hub.url}/alice/taken`);

    const moved = await hub.request('POST', '/api/repos/move', { token: hub.server.token, body: { fromRepo: 'alice/m1', toRepo: 'alice/renamed', type: 'model' } });
    assert.equal(moved.status, 200);
    assert.equal((moved.json() as { url: string }).url, `${hub.url}/alice/renamed`);
    const old = await hub.request('GET', '/api/models/alice/m1/revision/main?blobs=true');
    assert.equal(old.status, 307);
    assert.equal(old.header('location'), '/api/models/alice/renamed/revision/main?blobs=true');
    assert.equal((await hub.info('/api/models/alice/renamed')).sha, sha);
    const deleteOld = await hub.request('DELETE', '/api/repos/delete', { token: hub.server.token, body: { name: 'm1', organization: 'alice' } });
    assert.equal(deleteOld.status, 404, 'a body naming the old name is not redirected');
    assert.equal((await hub.create('m1')).status, 200);
    assert.equal((await hub.request('GET', '/api/models/alice/m1')).status, 200);
  });

  it('changes visibility, gating and LFS settings', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    const token = hub.server.token;
    let res = await hub.request('PUT', '/api/models/alice/m1/settings', { token, body: { visibility: 'private', gated: 'manual', lfsThreshold: 2048, lfsKeepVersions: 3 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {
      private: true, visibility: 'private', gated: 'manual', lfsThreshold: 2048, lfsThresholdSource: 'repo', lfsKeepVersions: 3, lfsSuffixRules: [], allowForcePush: false,
    });
    assert.equal((await hub.request('GET', '/api/models/alice/m1')).status, 401);
    assert.equal((await hub.info('/api/models/alice/m1', token)).gated, 'manual');
    res = await hub.request('PUT', '/api/models/alice/m1/settings', { token, body: { private: false, gated: false, lfsThreshold: null, lfsKeepVersions: null } });
    assert.equal(res.status, 200);
    assert.equal((res.json() as { lfsKeepVersions: number | null }).lfsKeepVersions, null);
    assert.equal((await hub.info('/api/models/alice/m1')).gated, false);
  });

  it('super-squashes a branch to one commit with the same files, releasing storage of old history', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    await hub.commit('m1', { 'big.bin': Buffer.alloc(5000, 1) }, { lfs: true });
    await hub.commit('m1', { 'big.bin': Buffer.alloc(10, 2) }, { lfs: true });
    const before = await hub.info('/api/models/alice/m1');
    const res = await hub.request('POST', '/api/models/alice/m1/super-squash/main', { token: hub.server.token, body: { message: 'Squashed!' } });
    assert.equal(res.status, 200);
    const { commitOid } = res.json() as { commitOid: string };
    const store = hub.server.core.store;
    const history = [...store.history(commitOid)];
    assert.equal(history.length, 1);
    assert.equal(history[0]?.title, 'Squashed!');
    const after = await hub.info('/api/models/alice/m1');
    assert.equal(after.sha, commitOid);
    assert.deepEqual(after.siblings, before.siblings);
    assert.equal((before.usedStorage ?? 0) - (after.usedStorage ?? 0), 5000);
    const missing = await hub.request('POST', '/api/models/alice/m1/super-squash/nope', { token: hub.server.token });
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing), 'RevisionNotFound');
  });
});

describe('listings', () => {
  it('pages with an absolute Link on the Host used, sorts, searches and filters by author', async (t) => {
    const hub = await startHub(t);
    for (const name of ['m-c', 'm-a', 'other', 'm-e', 'm-b']) assert.equal((await hub.create(name)).status, 200);
    await hub.create('m-d', { organization: null, type: 'dataset' });
    const port = new URL(hub.url).port;
    const seen: string[] = [];
    let next: string | undefined = `http://localhost:${port}/api/models?sort=id&direction=1&limit=2&search=M-`;
    let pages = 0;
    while (next) {
      const res = await httpRequest(next, { headers: { host: `localhost:${port}` } });
      assert.equal(res.status, 200);
      seen.push(...(res.json() as HfRepoInfo[]).map((repo) => repo.id));
      const link = res.header('link');
      const match = /^<(http:\/\/localhost:\d+\/api\/models\?[^>]+)>; rel="next"$/.exec(link);
      assert.ok(link === '' || match, link);
      next = match?.[1];
      pages++;
    }
    assert.deepEqual(seen, ['alice/m-a', 'alice/m-b', 'alice/m-c', 'alice/m-e']);
    assert.equal(pages, 2);

    const descending = (await hub.request('GET', '/api/models?sort=id&direction=-1&author=ALICE')).json() as HfRepoInfo[];
    assert.deepEqual(descending.map((repo) => repo.id), ['alice/other', 'alice/m-e', 'alice/m-c', 'alice/m-b', 'alice/m-a']);
    assert.deepEqual((await hub.request('GET', '/api/models?author=bob')).json(), []);
    const datasets = (await hub.request('GET', '/api/datasets')).json() as HfRepoInfo[];
    assert.deepEqual(datasets.map((repo) => repo.id), ['alice/m-d']);
    assert.equal(datasets[0]?.modelId, undefined);
    const full = (await hub.request('GET', '/api/models?search=other&full=true')).json() as HfRepoInfo[];
    assert.deepEqual(full[0]?.siblings, [{ rfilename: '.gitattributes' }]);
  });

  it('counts downloads once per session and sorts by them', async (t) => {
    const hub = await startHub(t);
    await hub.create('popular');
    await hub.create('quiet');
    const store = hub.server.core.store;
    const popular = store.getRepo('model', 'alice', 'popular');
    for (let i = 0; i < 25; i++) store.countDownload(popular.id, '127.0.0.1 huggingface_hub/1.0');
    store.countDownload(popular.id, '127.0.0.1 node');
    assert.equal((await hub.info('/api/models/alice/popular')).downloads, 2);
    const listed = (await hub.request('GET', '/api/models?sort=downloads')).json() as HfRepoInfo[];
    assert.deepEqual(listed.map((repo) => [repo.id, repo.downloads]), [['alice/popular', 2], ['alice/quiet', 0]]);
  });
});

describe('folder statistics and name checks', () => {
  it('reports the recursive size and file count of any folder at any revision', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    await hub.commit('m1', { 'a/one.txt': '1234567890', 'a/b/two.txt': 'xx' });
    await hub.commit('m1', { 'a/b/w.bin': Buffer.alloc(4000, 3) }, { lfs: true });
    const repo = hub.server.core.store.getRepo('model', 'alice', 'm1');
    hub.server.core.store.createBranch(repo.id, 'feat/x', 'main');
    const get = async (path: string) => (await hub.request('GET', `/api/models/alice/m1/treesize/${path}`)).json();
    assert.deepEqual(await get('main/a'), { path: 'a', type: 'directory', size: 4012, files: 3 });
    assert.deepEqual(await get('main/a%2Fb'), { path: 'a/b', type: 'directory', size: 4002, files: 2 });
    assert.deepEqual(await get('feat%2Fx/a/b'), { path: 'a/b', type: 'directory', size: 4002, files: 2 });
    assert.deepEqual(await get('main/a/b/w.bin'), { path: 'a/b/w.bin', type: 'file', size: 4000, files: 1 });
    const root = (await get('main')) as { files: number };
    assert.equal(root.files, 4);
    const missing = await hub.request('GET', '/api/models/alice/m1/treesize/main/nope');
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing), 'EntryNotFound');
  });

  it('checks a name against the rules and against similar names in the namespace', async (t) => {
    const hub = await startHub(t);
    await hub.create('My_Model');
    const check = async (body: Record<string, unknown>, token: string | undefined = hub.server.token) =>
      (await hub.request('POST', '/api/validate/check-name', { ...(token === undefined ? {} : { token }), body })).json() as {
        available: boolean; problems: string[]; conflict: { id: string } | null; message: string;
      };
    const similar = await check({ name: 'my-model' });
    assert.equal(similar.available, false);
    assert.deepEqual(similar.conflict, { id: 'alice/My_Model', type: 'model' });
    assert.equal((await check({ name: 'MY.MODEL', namespace: 'alice' })).available, false);
    assert.equal((await check({ name: 'my-model', type: 'dataset' })).available, true);
    assert.equal((await check({ name: 'fresh' })).available, true);
    const invalid = await check({ name: 'bad--name' });
    assert.equal(invalid.available, false);
    assert.equal(invalid.problems.length, 1);
    assert.equal((await check({ name: 'x', namespace: 'api' })).available, false);
    assert.equal((await check({ name: 'fresh' }, undefined)).available, true, 'anonymous callers get the rule check');
  });
});

describe('quotas', () => {
  it('lets namespace owners set quotas, shows them to members, and refuses uploads beyond them with 413', async (t) => {
    const hub = await startHub(t);
    const token = hub.server.token;
    await hub.create('m1');
    let res = await hub.request('GET', '/api/quota/alice', { token });
    assert.equal(res.status, 200);
    const used = (res.json() as { used: number }).used;
    assert.ok(used > 0);
    assert.deepEqual(res.json(), { namespace: 'alice', limit: null, used, available: null });
    assert.equal((await hub.request('GET', '/api/quota/alice')).status, 401);
    assert.equal((await hub.request('GET', '/api/quota/alice', { token: hub.bob })).status, 403);
    assert.equal((await hub.request('PUT', '/api/quota/alice', { token: hub.bob, body: { limit: 1 } })).status, 403);

    res = await hub.request('PUT', '/api/quota/alice', { token, body: { limit: used + 1000 } });
    assert.deepEqual(res.json(), { namespace: 'alice', limit: used + 1000, used, available: 1000 });
    const tooBig = await hub.create('m2', { files: [{ path: 'w.bin', content: Buffer.alloc(2000).toString('base64'), encoding: 'base64' }] });
    assert.equal(tooBig.status, 413);
    assert.equal(errorCode(tooBig), 'QuotaExceeded');
    assert.match((tooBig.json() as { error: string }).error, /namespace alice: .* used of .*this upload adds/);
    assert.equal(hub.server.core.store.findRepo('model', 'alice', 'm2'), undefined, 'the refused repo was not left behind');

    res = await hub.request('PUT', '/api/models/alice/m1/quota', { token, body: { limit: 10 } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { repo: 'alice/m1', type: 'model', limit: 10, used: (res.json() as { used: number }).used, available: 0 });
    const repo = hub.server.core.store.getRepo('model', 'alice', 'm1');
    assert.throws(() => hub.server.core.store.assertQuota(repo.id, 1), /repository alice\/m1/);
    assert.equal((await hub.request('GET', '/api/models/alice/m1/quota')).status, 200, 'a public repo shows its quota');
    assert.equal((await hub.request('PUT', '/api/models/alice/m1/quota', { token, body: { limit: null } })).status, 200);
    assert.equal((await hub.request('PUT', '/api/quota/alice', { token, body: { limit: null } })).status, 200);
    hub.server.core.store.assertQuota(repo.id, 1_000_000);
    res = await hub.request('POST', '/api/quota/alice/recalculate', { token });
    assert.equal((res.json() as { used: number }).used, used);
  });

  it('lets organisation admins, not writers, set the organisation quota', async (t) => {
    const hub = await startHub(t);
    const { accounts } = hub.server.core;
    accounts.createOrg('acme');
    accounts.addMember('acme', 'alice', 'admin');
    accounts.addMember('acme', 'bob', 'write');
    assert.equal((await hub.request('PUT', '/api/quota/acme', { token: hub.bob, body: { limit: 5 } })).status, 403);
    assert.equal((await hub.request('GET', '/api/quota/acme', { token: hub.bob })).status, 200);
    assert.equal((await hub.request('PUT', '/api/quota/acme', { token: hub.server.token, body: { limit: 5 } })).status, 200);
    assert.equal(hub.server.core.store.namespaceQuota('acme').limit, 5);
  });
});

describe('LFS keep-versions', () => {
  it('lets the garbage collector drop LFS versions beyond the limit set through settings', async (t) => {
    const hub = await startHub(t);
    await hub.create('m1');
    const versions = [1, 2, 3].map((n) => Buffer.alloc(1000 * n, n));
    const commits: string[] = [];
    for (const data of versions) commits.push(await hub.commit('m1', { 'w.bin': data }, { lfs: true }));
    const store = hub.server.core.store;
    const before = (await hub.info('/api/models/alice/m1')).usedStorage ?? 0;
    const res = await hub.request('PUT', '/api/models/alice/m1/settings', { token: hub.server.token, body: { lfsKeepVersions: 2 } });
    assert.equal(res.status, 200);
    assert.equal((await hub.info('/api/models/alice/m1')).usedStorage, before - 1000);

    const files = versions.map((data) => {
      const entry = store.getEntry(commits[versions.indexOf(data)] as string, 'w.bin');
      assert.ok(entry?.type === 'file' && entry.lfs);
      return store.blobs.pathOf(entry.lfs.oid);
    });
    const old = new Date(Date.now() - 3_600_000);
    for (const file of files) utimesSync(file, old, old);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const report = await store.collectGarbage(0);
    assert.equal(report.lfsVersionsPruned, 1);
    assert.deepEqual(files.map((file) => store.blobs.has(file.slice(-64))), [false, true, true]);
    assert.deepEqual((await store.checkIntegrity()).problems, []);
    assert.equal((await hub.info(`/api/models/alice/m1/revision/${commits[0]}`)).sha, commits[0], 'old revisions still resolve');
  });
});
