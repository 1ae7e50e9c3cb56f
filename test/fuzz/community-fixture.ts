import { bearer, httpRequest, type HttpResponse } from '../helpers/http-request.js';
import type { RepoRecord } from '../../src/main/store/index.js';
import type { TestServer } from '../helpers/start-server.js';
import type { CommunityTargets } from './fuzz-request.js';

/**
 * The fixture's discussions, gated repo and collection, made through the hub API as clients make
 * them: discussion #1 with a comment, pull requests #2 (open), #3 (conflicts with main) and #4
 * (merged), a manually gated repo that `bob` asked to read, and a collection holding alice's model.
 */
export async function fillCommunity(server: TestServer, repo: RepoRecord, bobToken: string): Promise<CommunityTargets> {
  const api = `${server.url}/api/models/${repo.fullName}`;
  const send = async (method: string, url: string, body: unknown, token = server.token): Promise<HttpResponse> => {
    const res = await httpRequest(url, { method, headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`fixture ${method} ${url} failed: ${res.status} ${res.text}`);
    return res;
  };

  await send('POST', `${api}/discussions`, { title: 'Fixture discussion', description: 'First words.' });
  await send('POST', `${api}/discussions/1/comment`, { comment: 'A reply.' });
  const details = (await httpRequest(`${api}/discussions/1`, { headers: bearer(server.token) })).json() as { events: Array<{ id: string; type: string }> };
  const commentId = details.events.filter((event) => event.type === 'comment').at(-1)?.id;
  if (!commentId) throw new Error('the fixture discussion has no comment');

  const commitTo = async (url: string, summary: string, path: string, content: string): Promise<void> => {
    const line = (key: string, value: unknown): string => JSON.stringify({ key, value });
    const body = `${line('header', { summary })}\n${line('file', { path, content: Buffer.from(content).toString('base64'), encoding: 'base64' })}\n`;
    const res = await httpRequest(url, { method: 'POST', headers: { ...bearer(server.token), 'content-type': 'application/x-ndjson' }, body });
    if (res.status !== 200) throw new Error(`fixture commit "${summary}" failed: ${res.text}`);
  };
  await commitTo(`${api}/commit/main?create_pr=1`, 'Fixture pull request', 'c.txt', 'pr');

  // #3 changes a.txt, then main changes it too: merging #3 meets a conflict. #4 is merged already.
  await commitTo(`${api}/commit/main?create_pr=1`, 'Conflicting pull request', 'a.txt', 'from the pull request');
  await commitTo(`${api}/commit/main`, 'Change a.txt on main', 'a.txt', 'from main');
  await commitTo(`${api}/commit/main?create_pr=1`, 'Merged pull request', 'd.txt', 'merged');
  await send('POST', `${api}/discussions/4/merge`, { comment: 'Merging' });

  const gated = server.core.store.createRepo({ type: 'model', namespace: server.user, name: 'g1', private: false, author: { name: 'alice', email: 'alice@example.com' } });
  server.core.store.updateRepoSettings(gated.id, { gated: 'manual' });
  await send('POST', `${server.url}/${gated.fullName}/ask-access`, { company: 'Fixture Inc' }, bobToken);

  const created = (await send('POST', `${server.url}/api/collections`, { title: 'Fixture collection', namespace: server.user })).json() as { slug: string };
  const withItem = (await send('POST', `${server.url}/api/collections/${created.slug}/items`, { item: { type: 'model', id: repo.fullName }, note: 'a note' })).json() as {
    items: Array<{ _id: string }>;
  };
  const itemId = withItem.items[0]?._id;
  if (!itemId) throw new Error('the fixture collection has no item');

  const bobSignIn = await httpRequest(`${server.url}/-/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: bobToken }) });
  if (bobSignIn.status !== 200) throw new Error(`fixture sign-in of bob failed: ${bobSignIn.text}`);

  return {
    gatedRepo: gated.fullName,
    discussion: 1,
    pullRequest: 2,
    conflictingPullRequest: 3,
    mergedPullRequest: 4,
    commentId,
    collection: created.slug,
    collectionItem: itemId,
    readerCookie: bobSignIn.header('set-cookie').split(';')[0] ?? '',
  };
}
