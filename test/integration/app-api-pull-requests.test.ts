import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DiscussionDetails, DiscussionsResponse, MergeResponse, RepoOverview, RepoTree } from '../../src/shared/app-api.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { apiBase, createTestRepo, fileLine, header, headOf, ndjson, postCommit } from '../helpers/hub-write.js';
import type { TestServer } from '../helpers/start-server.js';
import { startServer } from '../helpers/start-server.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';

const REPO = '/repos/hub/model/alice%2Fm1';

/** alice/m1 with a config on main, and pull request #1 (opened with the hub API) that changes it. */
async function repoWithPullRequest(server: TestServer, token = server.token): Promise<void> {
  const repo = createTestRepo(server, 'm1');
  assert.equal((await postCommit(server, repo, ndjson([header('config'), fileLine('config.json', '{"hidden": 64}\n')]))).status, 200);
  const opened = await httpRequest(`${apiBase(server, repo)}/discussions`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Wider hidden layer', description: 'Doubles it.', pullRequest: true }),
  });
  assert.equal(opened.status, 200, opened.text);
  const committed = await postCommit(server, repo, ndjson([header('Widen'), fileLine('config.json', '{"hidden": 128}\n')]), {
    rev: 'refs%2Fpr%2F1',
    token,
  });
  assert.equal(committed.status, 200, committed.text);
}

/** Bob: another user with a write token and a UI session made with it. */
async function bob(server: TestServer): Promise<{ token: string; cookie: string }> {
  server.core.accounts.createUser('bob');
  const token = server.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' });
  return { token, cookie: await tokenSession(server, token) };
}

describe('pull requests in the app API', () => {
  it('lists a pull request, shows its conversation and diff, takes a comment and merges it into main', async (t) => {
    const server = await startServer(t);
    await repoWithPullRequest(server);
    const owner = await ownerSession(server);

    const list = (await appRequest(server, owner, 'GET', `${REPO}/discussions`)).json() as DiscussionsResponse;
    assert.equal(list.total, 1);
    assert.deepEqual(
      list.discussions.map((d) => [d.num, d.title, d.author, d.status, d.isPullRequest]),
      [[1, 'Wider hidden layer', 'alice', 'draft', true]],
    );

    const details = (await appRequest(server, owner, 'GET', `${REPO}/discussions/1`)).json() as DiscussionDetails;
    assert.deepEqual([details.baseBranch, details.ref, details.conflicts, details.diffTruncated], ['main', 'refs/pr/1', [], false]);
    assert.deepEqual(details.events.map((e) => e.type), ['comment', 'commit']);
    assert.match(details.diff ?? '', /^-\{"hidden": 64\}$/m);
    assert.match(details.diff ?? '', /^\+\{"hidden": 128\}$/m);
    assert.deepEqual(details.can, { comment: true, changeStatus: true, merge: true });

    // The revision selector offers refs/pr/1, and the file tree reads it.
    const overview = (await appRequest(server, owner, 'GET', REPO)).json() as RepoOverview;
    assert.ok(overview.refs.some((ref) => ref.kind === 'pull-request' && ref.name === 'refs/pr/1'));
    const tree = (await appRequest(server, owner, 'GET', `${REPO}/tree?revision=${encodeURIComponent('refs/pr/1')}`)).json() as RepoTree;
    assert.equal(tree.commit, server.core.store.resolveRevision(server.core.store.getRepo('model', 'alice', 'm1').id, 'refs/pr/1'));

    const commented = await appRequest(server, owner, 'POST', `${REPO}/discussions/1/comment`, { comment: 'Looks good <b>to me</b>' });
    assert.equal(commented.status, 200, commented.text);
    const last = (commented.json() as DiscussionDetails).events.at(-1);
    assert.ok(last?.type === 'comment' && last.text === 'Looks good <b>to me</b>' && last.author === 'alice');

    const merged = await appRequest(server, owner, 'POST', `${REPO}/discussions/1/merge`, {});
    assert.equal(merged.status, 200, merged.text);
    const repo = server.core.store.getRepo('model', 'alice', 'm1');
    assert.equal((merged.json() as MergeResponse).mergeCommit, headOf(server, repo));
    assert.equal(server.core.store.readTextFile(headOf(server, repo), 'config.json'), '{"hidden": 128}\n');

    // The hub's own API sees the same state.
    const viaHub = (await httpRequest(`${apiBase(server, repo)}/discussions/1`, { headers: bearer(server.token) })).json() as { status: string };
    assert.equal(viaHub.status, 'merged');
    const after = (await appRequest(server, owner, 'GET', `${REPO}/discussions/1`)).json() as DiscussionDetails;
    assert.equal(after.status, 'merged');
    assert.deepEqual(after.can, { comment: true, changeStatus: false, merge: false });
    assertRefused(await appRequest(server, owner, 'POST', `${REPO}/discussions/1/merge`, {}), 400, 'BadRequest', 'merging twice');
  });

  it("lets another user comment and close their own pull request, but not merge or close the owner's", async (t) => {
    const server = await startServer(t);
    const other = await bob(server);
    await repoWithPullRequest(server, other.token);
    const opened = await httpRequest(`${server.url}/api/models/alice/m1/discussions`, {
      method: 'POST',
      headers: { ...bearer(server.token), 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'A question from alice' }),
    });
    assert.equal(opened.status, 200, opened.text);

    const mine = (await appRequest(server, other.cookie, 'GET', `${REPO}/discussions/1`)).json() as DiscussionDetails;
    assert.equal(mine.author, 'bob');
    assert.deepEqual(mine.can, { comment: true, changeStatus: true, merge: false });
    assertRefused(await appRequest(server, other.cookie, 'POST', `${REPO}/discussions/1/merge`, {}), 403, 'Forbidden', 'bob merging');
    assert.equal(server.core.store.readTextFile(headOf(server, server.core.store.getRepo('model', 'alice', 'm1')), 'config.json'), '{"hidden": 64}\n');

    const alices = (await appRequest(server, other.cookie, 'GET', `${REPO}/discussions/2`)).json() as DiscussionDetails;
    assert.deepEqual(alices.can, { comment: true, changeStatus: false, merge: false });
    assertRefused(await appRequest(server, other.cookie, 'POST', `${REPO}/discussions/2/status`, { status: 'closed' }), 403, 'Forbidden', "closing alice's");
    assert.equal((await appRequest(server, other.cookie, 'POST', `${REPO}/discussions/2/comment`, { comment: 'Me too' })).status, 200);

    const closed = await appRequest(server, other.cookie, 'POST', `${REPO}/discussions/1/status`, { status: 'closed' });
    assert.equal(closed.status, 200, closed.text);
    assert.equal((closed.json() as DiscussionDetails).status, 'closed');
  });

  it('hides the discussions of a private repo from those who cannot see it, and refuses bad input with HF error codes', async (t) => {
    const server = await startServer(t);
    createTestRepo(server, 'secret', { private: true });
    await repoWithPullRequest(server);
    const other = await bob(server);
    const reader = server.core.accounts.createToken('bob', { role: 'read', displayName: 'read' });
    const readSession = await tokenSession(server, reader);
    const owner = await ownerSession(server);

    assertRefused(await appRequest(server, other.cookie, 'GET', '/repos/hub/model/alice%2Fsecret/discussions'), 404, 'RepoNotFound', 'a private repo');
    assertRefused(await appRequest(server, other.cookie, 'GET', '/repos/hub/model/alice%2Fsecret/discussions/1'), 404, 'RepoNotFound', 'a private repo');
    assertRefused(await appRequest(server, readSession, 'POST', `${REPO}/discussions/1/comment`, { comment: 'hi' }), 403, 'Forbidden', 'a read-only session');
    assert.equal((await appRequest(server, readSession, 'GET', `${REPO}/discussions/1`)).status, 200, 'a read session reads');

    assertRefused(await appRequest(server, owner, 'GET', `${REPO}/discussions/9`), 404, 'NotFound', 'a missing discussion');
    assertRefused(await appRequest(server, owner, 'GET', `${REPO}/discussions/0x1`), 404, 'NotFound', 'a malformed number');
    assertRefused(await appRequest(server, owner, 'POST', `${REPO}/discussions/1/comment`, { comment: '   ' }), 400, 'BadRequest', 'an empty comment');
    assertRefused(await appRequest(server, owner, 'POST', `${REPO}/discussions/1/status`, { status: 'merged' }), 400, 'BadRequest', 'a status the UI may not set');
    const details = (await appRequest(server, owner, 'GET', `${REPO}/discussions/1`)).json() as DiscussionDetails;
    assert.equal(details.events.length, 2, 'nothing was written by the refused requests');
  });
});
