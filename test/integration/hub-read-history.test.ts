import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpRequest } from '../helpers/http-request.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';

interface CommitJson {
  id: string;
  title: string;
  message: string;
  authors: Array<{ user: string; avatar: string }>;
  date: string;
  formatted?: { title: string; message: string };
}

async function withHistory(t: Parameters<typeof startServer>[0], commits: number) {
  const server = await startServer(t);
  const { repo } = await seedRepo(server.core.store);
  const ids: string[] = [];
  for (let i = 1; i <= commits; i++) {
    ids.push(await commitFiles(server.core.store, repo.id, { 'n.txt': String(i) }, { title: `Commit ${i}` }));
  }
  return { server, repo, ids, api: `${server.url}/api/models/alice/m1` };
}

describe('GET /api/{type}s/{id}/refs', () => {
  it('lists branches, tags and an empty converts list, with pullRequests only when asked', async (t) => {
    const { server, repo, ids, api } = await withHistory(t, 2);
    server.core.store.createBranch(repo.id, 'dev', ids[0]);
    server.core.store.createTag(repo.id, 'v1', ids[1]);
    const res = await httpRequest(`${api}/refs`);
    assert.equal(res.status, 200);
    const body = res.json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['branches', 'converts', 'tags']);
    const branches = (body.branches as Array<{ name: string }>).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(branches, [
      { name: 'dev', ref: 'refs/heads/dev', targetCommit: ids[0] },
      { name: 'main', ref: 'refs/heads/main', targetCommit: ids[1] },
    ]);
    assert.deepEqual(body.converts, []);
    assert.deepEqual(body.tags, [{ name: 'v1', ref: 'refs/tags/v1', targetCommit: ids[1] }]);
    for (const flag of ['1', 'true', 'True']) {
      const withPrs = (await httpRequest(`${api}/refs?include_prs=${flag}`)).json() as Record<string, unknown>;
      assert.deepEqual(withPrs.pullRequests, [], flag);
    }
  });

  it('hides refs of a private repo from anonymous callers', async (t) => {
    const server = await startServer(t);
    await seedRepo(server.core.store, { name: 'p1', private: true });
    const res = await httpRequest(`${server.url}/api/models/alice/p1/refs`);
    assert.equal(res.status, 401);
    assert.equal(res.header('x-error-code'), 'RepoNotFound');
  });
});

describe('GET /api/{type}s/{id}/commits/{rev}', () => {
  it('returns the newest commit with limit=1 and the full count in X-Total-Count', async (t) => {
    const { api, ids } = await withHistory(t, 3);
    const res = await httpRequest(`${api}/commits/main?limit=1`);
    assert.equal(res.status, 200);
    assert.equal(res.header('x-total-count'), '4');
    const [commit, ...rest] = res.json() as CommitJson[];
    assert.equal(rest.length, 0);
    assert.equal(commit?.id, ids[2]);
    assert.equal(commit?.title, 'Commit 3');
    assert.equal(commit?.message, '');
    assert.equal(commit?.authors[0]?.user, 'alice');
    assert.equal(typeof commit?.authors[0]?.avatar, 'string');
    assert.match(commit?.date ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('pages with p and an absolute Link until every commit was listed once, newest first', async (t) => {
    const { api, ids } = await withHistory(t, 6);
    const seen: string[] = [];
    let next: string | undefined = `${api}/commits/main?limit=2`;
    let pages = 0;
    while (next) {
      const res = await httpRequest(next);
      assert.equal(res.status, 200, res.text);
      seen.push(...(res.json() as CommitJson[]).map((c) => c.id));
      next = /^<(http:\/\/[^>]+)>; rel="next"$/.exec(res.header('link'))?.[1];
      pages++;
    }
    assert.equal(pages, 4);
    assert.equal(seen.length, 7);
    assert.deepEqual(seen.slice(0, 6), [...ids].reverse());
    const second = await httpRequest(`${api}/commits/main?limit=2&p=1`);
    assert.deepEqual((second.json() as CommitJson[]).map((c) => c.id), [ids[3], ids[2]]);
  });

  it('adds formatted title and message with expand[]=formatted', async (t) => {
    const server = await startServer(t);
    const { repo } = await seedRepo(server.core.store);
    await server.core.store.commit({
      repoId: repo.id,
      branch: 'main',
      title: 'Use <b> & friends',
      description: 'Details here',
      author: { name: 'alice', email: 'a@x' },
      operations: [{ type: 'add', path: 'x.txt', content: { data: Buffer.from('x') } }],
    });
    const res = await httpRequest(`${server.url}/api/models/alice/m1/commits/main?expand[]=formatted`);
    const [commit] = res.json() as CommitJson[];
    assert.equal(commit?.title, 'Use <b> & friends');
    assert.equal(commit?.message, 'Details here');
    assert.deepEqual(commit?.formatted, { title: 'Use &#60;b&#62; &#38; friends', message: 'Details here' });
    const plain = (await httpRequest(`${server.url}/api/models/alice/m1/commits/main`)).json() as CommitJson[];
    assert.equal(plain[0]?.formatted, undefined);
  });

  it('resolves a branch with a slash sent raw (JS) or encoded (Python), and answers RevisionNotFound otherwise', async (t) => {
    const { server, repo, ids, api } = await withHistory(t, 2);
    server.core.store.createBranch(repo.id, 'feat/x', ids[0]);
    for (const rev of ['feat/x', 'feat%2Fx', 'refs/heads/feat/x', ids[0]]) {
      const res = await httpRequest(`${api}/commits/${rev}`);
      assert.equal(res.status, 200, rev);
      assert.equal(res.header('x-total-count'), '2', rev);
    }
    const missing = await httpRequest(`${api}/commits/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.header('x-error-code'), 'RevisionNotFound');
  });

  it('answers 400 for a bad limit or page', async (t) => {
    const { api } = await withHistory(t, 1);
    for (const query of ['limit=0', 'limit=abc', 'p=-1', 'limit=1&limit=2']) {
      const res = await httpRequest(`${api}/commits/main?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.header('x-error-code'), 'BadRequest');
    }
  });
});
