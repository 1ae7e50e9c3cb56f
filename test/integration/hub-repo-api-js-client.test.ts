import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HubApiError, checkRepoAccess, fileExists, listModels, modelInfo } from '@huggingface/hub';
import { createTestRepo } from '../helpers/hub-write.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { startServer } from '../helpers/start-server.js';

/** The HTTP status a call fails with (HubApiError), or 'ok'. */
async function statusOf(call: () => Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof HubApiError, String(error));
    return error.statusCode;
  }
}

describe('the rest of the repo API, driven by @huggingface/hub', () => {
  it('checkRepoAccess fails with 404 for a one-segment id, a missing repo and a private repo of someone else alike', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'secret', { private: true });
    createTestRepo(server, 'open');
    server.core.accounts.createUser('bob');
    const bob = server.core.accounts.createToken('bob', { role: 'write', displayName: 'bob' });
    const as = (accessToken: string) => ({ hubUrl: server.url, accessToken });
    assert.equal(await statusOf(() => checkRepoAccess({ ...as(bob), repo: 'gpt2' })), 404);
    assert.equal(await statusOf(() => checkRepoAccess({ ...as(bob), repo: 'alice/missing' })), 404);
    assert.equal(await statusOf(() => checkRepoAccess({ ...as(bob), repo: 'alice/secret' })), 404);
    assert.equal(await statusOf(() => checkRepoAccess({ ...as(server.token), repo: 'alice/secret' })), 'ok');
    assert.equal(await fileExists({ ...as(bob), repo: 'gpt2', path: 'config.json' }), false);
  });

  it('modelInfo shows likes and listModels sorts by them', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'few');
    createTestRepo(server, 'many');
    server.core.accounts.createUser('bob');
    const bob = server.core.accounts.createToken('bob', { role: 'write', displayName: 'bob' });
    for (const token of [server.token, bob]) {
      const res = await httpRequest(`${server.url}/api/models/alice/many/like`, { method: 'POST', headers: bearer(token) });
      assert.equal(res.status, 200);
    }
    const hub = { hubUrl: server.url, accessToken: server.token };
    const info = await modelInfo({ ...hub, name: 'alice/many' });
    assert.equal(info.likes, 2);
    const names: string[] = [];
    for await (const model of listModels({ ...hub, sort: 'likes' })) names.push(model.name);
    assert.deepEqual(names, ['alice/many', 'alice/few']);
  });
});
