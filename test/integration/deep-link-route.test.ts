import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeepLinkResponse } from '../../src/shared/app-api.js';
import { httpRequest } from '../helpers/http-request.js';
import { startServer } from '../helpers/start-server.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';

describe('handing a hubkeeper:// link to the UI (serve and desktop alike)', () => {
  it('a browser "Open in HubKeeper" lands on the UI page that shows the link', async (t) => {
    const server = await startServer(t);
    const link = 'hubkeeper://download/org/name?include=*.json';
    const res = await httpRequest(`${server.url}/open?url=${encodeURIComponent(link)}`);
    assert.equal(res.status, 302);
    assert.equal(res.header('location'), `/-/ui/#/open?url=${encodeURIComponent(link)}`);
    assertRefused(await httpRequest(`${server.url}/open`), 400, 'BadRequest', '/open without a link');
  });

  it('checks the link for a signed-in session and explains a bad one; anonymous is refused', async (t) => {
    const server = await startServer(t);
    const owner = await ownerSession(server);
    const ok = await appRequest(server, owner, 'GET', `/deep-link?url=${encodeURIComponent('hubkeeper://repo/datasets/org/set?revision=dev')}`);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual((ok.json() as DeepLinkResponse).link, { action: 'open-repo', type: 'dataset', repo: 'org/set', revision: 'dev' });

    // Another user's read token may have a link checked too: checking does nothing by itself.
    server.core.accounts.createUser('bob');
    const reader = await tokenSession(server, server.core.accounts.createToken('bob', { role: 'read', displayName: 'read' }));
    const download = await appRequest(server, reader, 'GET', `/deep-link?url=${encodeURIComponent('hubkeeper://download/org/name?include=*.safetensors')}`);
    assert.equal(download.status, 200, download.text);

    const bad = await appRequest(server, owner, 'GET', `/deep-link?url=${encodeURIComponent('hubkeeper://download/org/name?include=../../etc/passwd')}`);
    assertRefused(bad, 400, 'BadRequest', 'a glob leaving the repo');
    assert.match((bad.json() as { error: string }).error, /include "\.\.\/\.\.\/etc\/passwd"/);
    assertRefused(await appRequest(server, owner, 'GET', `/deep-link?url=${encodeURIComponent('hubkeeper://format/disk')}`), 400, 'BadRequest', 'an unknown action');
    assertRefused(await appRequest(server, owner, 'GET', '/deep-link'), 400, 'BadRequest', 'no link');
    assertRefused(await appRequest(server, undefined, 'GET', `/deep-link?url=${encodeURIComponent('hubkeeper://repo/models/org/name')}`), 401, 'Unauthorized', 'anonymous');
  });
});
