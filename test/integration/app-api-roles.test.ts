import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { SavedHub, Settings, TokensResponse } from '../../src/shared/app-api.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { runCliFromSource } from '../helpers/cli-process.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';

/** Bob: a second user of the hub, with his own write token and a UI session made with it. */
async function secondUser(server: TestServer): Promise<{ token: string; cookie: string }> {
  server.core.accounts.createUser('bob');
  const token = server.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' });
  return { token, cookie: await tokenSession(server, token) };
}

/** Fills a route pattern's parameters (":hub", ":id") with harmless values. */
function concrete(url: string): string {
  return url.replace(/^\/-\/api\/v1/, '').replace(/:([a-z]+)/gi, (_match, name: string) => (name === 'type' ? 'model' : name === 'id' ? '1' : `x${name}`));
}

/** A plain HTTP server recording the Authorization header of each request it gets. */
async function recordingServer(t: Cleanup, handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; authorizations: Array<string | undefined> }> {
  const authorizations: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorizations };
}

describe('UI session roles', () => {
  it('refuses every owner route to a non-owner session with 403 Forbidden, as the routes declare it', async (t) => {
    const server = await startServer(t);
    const bob = await secondUser(server);
    const routes = server.core.appRoutes();
    const ownerRoutes = routes.filter((route) => route.access === 'owner');
    // The walk covers what registered: settings, hubs, downloads, disk, the cache's repo screens, everyone's tokens.
    const declared = new Set(ownerRoutes.map((route) => `${route.method} ${route.url.replace(/^\/-\/api\/v1/, '')}`));
    for (const expected of ['PUT /settings/server', 'POST /settings/cache-move', 'PUT /hubs/:hub', 'POST /downloads', 'POST /disk/cleanup', 'GET /users/tokens', 'GET /repos/cache/:type/:repo']) {
      assert.ok(declared.has(expected), expected);
    }
    assert.ok(routes.length >= 30, `only ${routes.length} routes registered`);
    for (const route of ownerRoutes) {
      const res = await appRequest(server, bob.cookie, route.method, concrete(route.url), {});
      assertRefused(res, 403, 'Forbidden', `${route.method} ${route.url}`);
      if (route.method !== 'HEAD') assert.match(res.header('x-error-message'), /Only this machine's owner/, route.url);
    }
    for (const route of routes.filter((candidate) => candidate.access === 'session' && candidate.url !== '/-/api/v1/events')) {
      const res = await appRequest(server, bob.cookie, route.method, concrete(route.url), {});
      assert.doesNotMatch(res.header('x-error-message'), /owner/, `${route.method} ${route.url} is open to any session`);
    }
  });

  it("keeps a second user's write session off the server settings, the cache folder and the owner's hubs", async (t) => {
    const server = await startServer(t);
    const bob = await secondUser(server);
    const owner = await ownerSession(server);
    const hub = (await appRequest(server, owner, 'POST', '/hubs', { name: 'Mirror', endpoint: 'http://127.0.0.1:9', token: 'hf_owner_secret' })).json() as SavedHub;
    const before = (await appRequest(server, owner, 'GET', '/settings')).json() as Settings;

    assertRefused(await appRequest(server, bob.cookie, 'PUT', '/settings/server', { bindAddress: '0.0.0.0:7870', lfsThreshold: 1024 }), 403, 'Forbidden', 'server settings');
    assertRefused(await appRequest(server, bob.cookie, 'POST', '/settings/cache-move', { path: '/tmp/bob-owns-this' }), 403, 'Forbidden', 'cache move');
    assertRefused(await appRequest(server, bob.cookie, 'PUT', `/hubs/${hub.id}`, { name: 'Mirror', endpoint: 'http://127.0.0.1:10' }), 403, 'Forbidden', 'hub edit');
    assertRefused(await appRequest(server, bob.cookie, 'GET', '/settings'), 403, 'Forbidden', 'settings');
    assert.deepEqual((await appRequest(server, owner, 'GET', '/settings')).json(), before);
  });

  it('makes a user marked admin an owner session', async (t) => {
    const server = await startServer(t);
    const bob = await secondUser(server);
    assert.equal(((await appRequest(server, bob.cookie, 'GET', '/session')).json() as { role: string }).role, 'user');
    const marked = await runCliFromSource(['admin', 'set-admin', 'bob', '--data', server.dataDir]);
    assert.equal(marked.code, 0, marked.stderr);
    assert.equal(((await appRequest(server, bob.cookie, 'GET', '/session')).json() as { role: string }).role, 'owner');
    assert.equal((await appRequest(server, bob.cookie, 'GET', '/settings')).status, 200);
  });
});

describe('saved hub tokens', () => {
  it('drops the token when the endpoint moves to another origin, and never sends it across a redirect', async (t) => {
    const server = await startServer(t);
    const owner = await ownerSession(server);
    const second = await recordingServer(t, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
    const first = await recordingServer(t, (req, res) => res.writeHead(307, { location: `${second.url}${req.url ?? '/'}` }).end());
    const hub = (await appRequest(server, owner, 'POST', '/hubs', { name: 'Mirror', endpoint: first.url, token: 'hf_owner_secret' })).json() as SavedHub;

    await appRequest(server, owner, 'GET', `/hubs/${hub.id}/search?q=tiny`);
    assert.ok(first.authorizations.includes('Bearer hf_owner_secret'), 'the token goes to the origin it was saved for');
    assert.deepEqual(second.authorizations.filter((value) => value !== undefined), [], 'the redirect target never sees it');

    const moved = await appRequest(server, owner, 'PUT', `/hubs/${hub.id}`, { name: 'Mirror', endpoint: second.url });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual([(moved.json() as SavedHub).tokenDropped, (moved.json() as SavedHub).hasToken], [true, false]);
    const search = await appRequest(server, owner, 'GET', `/hubs/${hub.id}/search?q=tiny`);
    assert.equal(search.status, 200, search.text);
    assert.deepEqual(second.authorizations, second.authorizations.map(() => undefined));
    assert.ok(second.authorizations.length > 0);
    for (const path of ['/hubs', '/settings']) {
      assert.doesNotMatch((await appRequest(server, owner, 'GET', path)).text, /hf_owner_secret/, path);
    }
  });
});

describe('token revocation', () => {
  it('lists tokens without their secret and revokes one from the command line: it stops at once, with its UI sessions', async (t) => {
    const server = await startServer(t);
    const bob = await secondUser(server);
    assert.equal((await httpRequest(`${server.url}/api/whoami-v2`, { headers: bearer(bob.token) })).status, 200);

    const listed = await runCliFromSource(['admin', 'list-tokens', '--data', server.dataDir]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`bob\\s+laptop\\s+write\\s+.*…${bob.token.slice(-4)}`));
    assert.match(listed.stdout, /alice\s+bootstrap\s+write/);
    assert.ok(!listed.stdout.includes(bob.token) && !listed.stdout.includes(server.token), 'no secret is printed');

    const revoked = await runCliFromSource(['admin', 'revoke-token', 'bob', 'laptop', '--data', server.dataDir]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assertRefused(await httpRequest(`${server.url}/api/whoami-v2`, { headers: bearer(bob.token) }), 401, 'Unauthorized', 'hub route');
    assertRefused(await appRequest(server, bob.cookie, 'GET', '/library'), 401, 'Unauthorized', 'UI session');
    const again = await runCliFromSource(['admin', 'revoke-token', 'bob', 'laptop', '--data', server.dataDir]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no token named or numbered "laptop"/);
  });

  it("lets a user revoke only their own tokens in the UI, and the owner anyone's", async (t) => {
    const server = await startServer(t);
    const bob = await secondUser(server);
    const owner = await ownerSession(server);
    const spare = server.core.accounts.createToken('bob', { role: 'read', displayName: 'spare' });

    const own = (await appRequest(server, bob.cookie, 'GET', '/tokens')).json() as TokensResponse;
    assert.deepEqual(own.tokens.map((token) => [token.user, token.name, token.lastFour]), [['bob', 'laptop', bob.token.slice(-4)], ['bob', 'spare', spare.slice(-4)]]);
    assert.ok(!JSON.stringify(own).includes(bob.token));
    const everyone = (await appRequest(server, owner, 'GET', '/users/tokens')).json() as TokensResponse;
    assert.deepEqual(everyone.tokens.map((token) => `${token.user}:${token.name}`), ['alice:bootstrap', 'bob:laptop', 'bob:spare']);
    const aliceToken = everyone.tokens[0]?.id ?? 0;

    assertRefused(await appRequest(server, bob.cookie, 'DELETE', `/tokens/${aliceToken}`), 404, 'NotFound', "alice's token through bob's own list");
    assertRefused(await appRequest(server, bob.cookie, 'DELETE', `/users/alice/tokens/${aliceToken}`), 403, 'Forbidden', "alice's token as bob");
    assert.equal((await httpRequest(`${server.url}/api/whoami-v2`, { headers: bearer(server.token) })).status, 200);

    const spareId = own.tokens[1]?.id ?? 0;
    assert.equal((await appRequest(server, bob.cookie, 'DELETE', `/tokens/${spareId}`)).status, 200);
    assert.equal((await httpRequest(`${server.url}/api/whoami-v2`, { headers: bearer(spare) })).status, 401);

    const laptopId = own.tokens[0]?.id ?? 0;
    assert.equal((await appRequest(server, owner, 'DELETE', `/users/bob/tokens/${laptopId}`)).status, 200);
    assert.equal((await httpRequest(`${server.url}/api/whoami-v2`, { headers: bearer(bob.token) })).status, 401);
    assertRefused(await appRequest(server, bob.cookie, 'GET', '/tokens'), 401, 'Unauthorized', 'the session made with the revoked token');
  });
});
