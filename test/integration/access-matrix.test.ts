import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { httpRequest } from '../helpers/http-request.js';
import { fileLine, header, ndjson, sha256, testAuthor } from '../helpers/hub-write.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { ownerSession, tokenSession } from '../helpers/ui-session.js';

/**
 * Who may do what, route family by route family, on a public, a private and a gated repo of
 * alice (a user who is not an admin of the machine). Every cell is the HTTP status expected;
 * every refusal must come in our error format. The callers:
 *   anon   no credentials
 *   other  carol's write token (carol holds no rights on alice's repos)
 *   read   alice's read token
 *   write  alice's write token
 *   revkd  a token of alice that was revoked (and a UI session signed in with it before)
 *   owner  the machine owner's UI session (the one-time link); a cookie is nothing to the HF routes
 *   user   a UI session alice signed in with her write token: not the owner
 * Hub routes take tokens and never the UI cookie; the app API takes the UI cookie and never a token.
 * A revoked token grants nothing: what it reaches is what anyone reaches (public reads, gated
 * repos' metadata), and everything else answers as to an anonymous caller. The owner's cleanup
 * preview passes the guard and answers 404 because the snapshot named is not in the cache.
 */
const CALLERS = ['anon', 'other', 'read', 'write', 'revkd', 'owner', 'user'] as const;
type Caller = (typeof CALLERS)[number];
const VISIBILITIES = ['public', 'private', 'gated'] as const;
type Visibility = (typeof VISIBILITIES)[number];
type Row = readonly [number, number, number, number, number, number, number];

// prettier-ignore
const EXPECTED: Readonly<Record<string, Readonly<Record<Visibility, Row>>>> = {
  //                                anon other read write revkd owner user
  'hub: info':              { public: [200, 200, 200, 200, 200, 200, 200], private: [401, 404, 200, 200, 401, 401, 401], gated: [200, 200, 200, 200, 200, 200, 200] },
  'hub: tree':              { public: [200, 200, 200, 200, 200, 200, 200], private: [401, 404, 200, 200, 401, 401, 401], gated: [200, 200, 200, 200, 200, 200, 200] },
  'hub: resolve':           { public: [200, 200, 200, 200, 200, 200, 200], private: [401, 404, 200, 200, 401, 401, 401], gated: [401, 403, 200, 200, 401, 401, 401] },
  'hub: paths-info':        { public: [200, 200, 200, 200, 200, 200, 200], private: [401, 404, 200, 200, 401, 401, 401], gated: [200, 200, 200, 200, 200, 200, 200] },
  'hub: commits':           { public: [200, 200, 200, 200, 200, 200, 200], private: [401, 404, 200, 200, 401, 401, 401], gated: [200, 200, 200, 200, 200, 200, 200] },
  'hub: commit':            { public: [401, 403, 403, 200, 401, 401, 401], private: [401, 404, 403, 200, 401, 401, 401], gated: [401, 403, 403, 200, 401, 401, 401] },
  'hub: preupload':         { public: [401, 403, 403, 200, 401, 401, 401], private: [401, 404, 403, 200, 401, 401, 401], gated: [401, 403, 403, 200, 401, 401, 401] },
  'hub: lfs batch':         { public: [401, 403, 403, 200, 401, 401, 401], private: [401, 404, 403, 200, 401, 401, 401], gated: [401, 403, 403, 200, 401, 401, 401] },
  // No ref named: an upload for a pull request, which any write token may open on a repo it can read (as on HF).
  'hub: lfs batch, no ref': { public: [401, 200, 403, 200, 401, 401, 401], private: [401, 404, 403, 200, 401, 401, 401], gated: [401, 200, 403, 200, 401, 401, 401] },
  'hub: branch create':     { public: [401, 403, 403, 200, 401, 401, 401], private: [401, 404, 403, 200, 401, 401, 401], gated: [401, 403, 403, 200, 401, 401, 401] },
  'hub: settings':          { public: [401, 403, 403, 200, 401, 401, 401], private: [401, 404, 403, 200, 401, 401, 401], gated: [401, 403, 403, 200, 401, 401, 401] },
  'hub: delete':            { public: [401, 403, 403, 200, 401, 401, 401], private: [401, 404, 403, 200, 401, 401, 401], gated: [401, 403, 403, 200, 401, 401, 401] },
  'app: repo view':         { public: [401, 401, 401, 401, 401, 200, 200], private: [401, 401, 401, 401, 401, 200, 200], gated: [401, 401, 401, 401, 401, 200, 200] },
  'app: library':           same([401, 401, 401, 401, 401, 200, 200]),
  'app: settings read':     same([401, 401, 401, 401, 401, 200, 403]),
  'app: settings change':   same([401, 401, 401, 401, 401, 200, 403]),
  'app: hubs list':         same([401, 401, 401, 401, 401, 200, 403]),
  'app: hubs add':          same([401, 401, 401, 401, 401, 200, 403]),
  'app: downloads list':    same([401, 401, 401, 401, 401, 200, 403]),
  'app: downloads start':   same([401, 401, 401, 401, 401, 200, 403]),
  'app: own tokens':        same([401, 401, 401, 401, 401, 200, 200]),
  "app: everyone's tokens": same([401, 401, 401, 401, 401, 200, 403]),
  'app: cache repo view':   same([401, 401, 401, 401, 401, 404, 403]),
  'app: disk usage':        same([401, 401, 401, 401, 401, 200, 403]),
  'app: disk cleanup':      same([401, 401, 401, 401, 401, 404, 403]),
};

function same(row: Row): Record<Visibility, Row> {
  return { public: row, private: row, gated: row };
}

interface Credentials {
  readonly bearer?: string;
  readonly cookie?: string;
}

interface Request {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

interface World {
  readonly server: TestServer;
  readonly callers: Readonly<Record<Caller, Credentials>>;
  /** A new repo of alice with one file, for routes that change or remove it. */
  readonly repo: (visibility: Visibility, label: string) => Promise<string>;
}

const json = (method: string, path: string, body: unknown): Request => ({ method, path, body: JSON.stringify(body), contentType: 'application/json' });
const app = (path: string): string => `/-/api/v1${path}`;
let unique = 0;

/** The request each route family makes on a repo ("alice/name"). */
const ROUTES: Readonly<Record<string, (repo: string) => Request>> = {
  'hub: info': (repo) => ({ method: 'GET', path: `/api/models/${repo}` }),
  'hub: tree': (repo) => ({ method: 'GET', path: `/api/models/${repo}/tree/main` }),
  'hub: resolve': (repo) => ({ method: 'GET', path: `/${repo}/resolve/main/config.json` }),
  'hub: paths-info': (repo) => json('POST', `/api/models/${repo}/paths-info/main`, { paths: ['config.json'] }),
  'hub: commits': (repo) => ({ method: 'GET', path: `/api/models/${repo}/commits/main` }),
  'hub: commit': (repo) => ({
    method: 'POST',
    path: `/api/models/${repo}/commit/main`,
    body: ndjson([header('matrix'), fileLine(`f${unique++}.txt`, 'x')]),
    contentType: 'application/x-ndjson',
  }),
  'hub: preupload': (repo) => json('POST', `/api/models/${repo}/preupload/main`, { files: [{ path: 'a.txt', size: 1, sample: 'eA==' }] }),
  'hub: lfs batch': (repo) => ({
    ...json('POST', `/${repo}.git/info/lfs/objects/batch`, { operation: 'upload', ref: { name: 'refs/heads/main' }, objects: [{ oid: sha256('lfs'), size: 3 }] }),
    contentType: 'application/vnd.git-lfs+json',
  }),
  'hub: lfs batch, no ref': (repo) => ({
    ...json('POST', `/${repo}.git/info/lfs/objects/batch`, { operation: 'upload', objects: [{ oid: sha256('lfs'), size: 3 }] }),
    contentType: 'application/vnd.git-lfs+json',
  }),
  'hub: branch create': (repo) => json('POST', `/api/models/${repo}/branch/b${unique++}`, {}),
  'hub: settings': (repo) => json('PUT', `/api/models/${repo}/settings`, { lfsThreshold: null }),
  'hub: delete': (repo) => {
    const [organization, name] = repo.split('/');
    return json('DELETE', '/api/repos/delete', { type: 'model', organization, name });
  },
  'app: repo view': (repo) => ({ method: 'GET', path: app(`/repos/hub/model/${encodeURIComponent(repo)}`) }),
  'app: library': () => ({ method: 'GET', path: app('/library') }),
  'app: settings read': () => ({ method: 'GET', path: app('/settings') }),
  'app: settings change': () => json('PUT', app('/settings/server'), {}),
  'app: hubs list': () => ({ method: 'GET', path: app('/hubs') }),
  'app: hubs add': () => json('POST', app('/hubs'), { name: `Mirror ${unique++}`, endpoint: 'http://127.0.0.1:9' }),
  'app: downloads list': () => ({ method: 'GET', path: app('/downloads') }),
  'app: downloads start': (repo) => json('POST', app('/downloads'), { remote: 'local', type: 'model', repo, revision: 'main' }),
  'app: own tokens': () => ({ method: 'GET', path: app('/tokens') }),
  "app: everyone's tokens": () => ({ method: 'GET', path: app('/users/tokens') }),
  'app: cache repo view': () => ({ method: 'GET', path: app('/repos/cache/model/acme%2Fnot-cached') }),
  'app: disk usage': () => ({ method: 'GET', path: app('/disk') }),
  'app: disk cleanup': () => json('POST', app('/disk/cleanup-preview'), { revisions: [`model:acme/x@${'0'.repeat(40)}`] }),
};

/** Routes that change or remove the repo get a fresh one per cell; the others share one per visibility. */
const CHANGES_REPO = new Set(['hub: delete', 'hub: settings']);

async function buildWorld(server: TestServer): Promise<World> {
  const { accounts } = server.core;
  accounts.createUser('carol');
  const other = accounts.createToken('carol', { role: 'write', displayName: 'carol' });
  const read = accounts.createToken('alice', { role: 'read', displayName: 'read' });
  const revoked = accounts.createToken('alice', { role: 'write', displayName: 'soon revoked' });
  const revokedSession = await tokenSession(server, revoked);
  accounts.revokeToken('alice', accounts.findToken('alice', 'soon revoked').id);
  const callers: Record<Caller, Credentials> = {
    anon: {},
    other: { bearer: other },
    read: { bearer: read },
    write: { bearer: server.token },
    revkd: { bearer: revoked, cookie: revokedSession },
    owner: { cookie: await ownerSession(server) },
    user: { cookie: await tokenSession(server, server.token) },
  };
  let count = 0;
  const repo = async (visibility: Visibility, label: string): Promise<string> => {
    const name = `${visibility}-${label.replace(/[^a-z0-9]+/gi, '')}-${count++}`;
    const record = server.core.store.createRepo({ type: 'model', namespace: 'alice', name, private: visibility === 'private', author: testAuthor });
    if (visibility === 'gated') server.core.store.updateRepoSettings(record.id, { gated: 'auto' });
    await server.core.store.commit({
      repoId: record.id,
      branch: 'main',
      title: 'config',
      author: testAuthor,
      operations: [{ type: 'add', path: 'config.json', content: { data: Buffer.from('{"a":1}') } }],
    });
    return record.fullName;
  };
  return { server, callers, repo };
}

async function send(world: World, request: Request, credentials: Credentials): Promise<{ status: number; code: string; body: string }> {
  const headers: Record<string, string> = {};
  if (credentials.bearer !== undefined) headers.authorization = `Bearer ${credentials.bearer}`;
  if (credentials.cookie !== undefined) headers.cookie = credentials.cookie;
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  const res = await httpRequest(`${world.server.url}${request.path}`, { method: request.method, headers, ...(request.body === undefined ? {} : { body: request.body }) });
  return { status: res.status, code: res.header('x-error-code'), body: res.text };
}

describe('access control matrix', () => {
  it('answers every route family, caller and repo visibility as the table says, refusals in our error format', async (t) => {
    // The owner's "downloads start" cell really starts one: it must land in a temp cache.
    const cache = await mkdtemp(join(tmpdir(), 'hubkeeper-matrix-cache-'));
    t.after(() => rm(cache, { recursive: true, force: true }));
    const server = await startServer(t, { overrides: { hubCache: cache } });
    const world = await buildWorld(server);
    const shared: Record<Visibility, string> = { public: await world.repo('public', 'shared'), private: await world.repo('private', 'shared'), gated: await world.repo('gated', 'shared') };
    const mismatches: string[] = [];
    const actual: string[] = [];
    for (const [family, rows] of Object.entries(EXPECTED)) {
      const route = ROUTES[family];
      assert.ok(route, family);
      for (const visibility of VISIBILITIES) {
        const got: number[] = [];
        for (const [index, caller] of CALLERS.entries()) {
          const repo = CHANGES_REPO.has(family) ? await world.repo(visibility, family) : shared[visibility];
          const answer = await send(world, route(repo), world.callers[caller]);
          got.push(answer.status);
          const expected = rows[visibility][index];
          if (answer.status !== expected) mismatches.push(`${family} / ${visibility} / ${caller}: expected ${expected}, got ${answer.status} ${answer.code} ${answer.body.slice(0, 200)}`);
          if (answer.status >= 400) {
            assert.notEqual(answer.code, '', `${family} / ${visibility} / ${caller}: X-Error-Code`);
            assert.equal(typeof (JSON.parse(answer.body) as { error?: unknown }).error, 'string', `${family} / ${visibility} / ${caller}: JSON error`);
          }
        }
        actual.push(`${family} ${visibility}: [${got.join(', ')}]`);
      }
    }
    assert.deepEqual(mismatches, [], actual.join('\n'));
  });
});
