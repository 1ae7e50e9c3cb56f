import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SavedHub } from '../../src/shared/app-api.js';
import type {
  DuplicatePlacesResponse, DuplicatesResponse, FindResponse, FolderListingResponse, OutdatedResponse, RefreshProgressView, RefreshResponse, RepoFactsResponse, RepoStatsResponse, SimilarResponse, StoredRevisionsResponse,
  StructureDiffResponse, TrackedFile, TrackedRepoView, TrackedReposResponse, TrackedReposWithFactsResponse, TrackingStatsResponse,
} from '../../src/shared/tracking-api.js';
import { join } from 'node:path';
import { randomContent, testEngine } from '../helpers/download-fixtures.js';
import { ggufFile, safetensorsFile } from '../helpers/model-files.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { readOnlyToken, sha256 } from '../helpers/hub-write.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';
import { openEventStream } from '../helpers/event-stream-client.js';
import type { AppEvent } from '../../src/shared/app-api.js';

interface RemoteEntry {
  readonly type: 'file' | 'directory';
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  readonly lfs?: { readonly oid: string; readonly size: number };
}

const weights = randomContent(200_000);
const gguf = randomContent(50_000);
const files = {
  'config.json': '{"model_type": "llama"}\n',
  'README.md': '# m1\n',
  'weights/model.safetensors': weights,
  'weights/extra/q4.gguf': gguf,
};
const lfs = ['weights/model.safetensors', 'weights/extra/q4.gguf'];

/** The remote's own answer for every file of a commit (its tree API): what the tracking routes must repeat. */
async function remoteFiles(remote: TestServer, repo: string, commit: string, token?: string): Promise<Map<string, { size: number; oid: string; sha256: string | null }>> {
  const res = await httpRequest(`${remote.url}/api/models/${repo}/tree/${commit}?recursive=true`, token === undefined ? {} : { headers: bearer(token) });
  assert.equal(res.status, 200, res.text);
  const entries = (res.json() as RemoteEntry[]).filter((entry) => entry.type === 'file');
  return new Map(entries.map((entry) => [entry.path, { size: entry.size, oid: entry.oid, sha256: entry.lfs?.oid ?? null }]));
}

/** A remote HubKeeper holding alice/m1, and the HubKeeper under test with the owner's UI session. */
async function setup(t: Cleanup) {
  const remote = await startServer(t);
  const model = await seedRepo(remote.core.store, { name: 'm1', files, lfs });
  const server = await startServer(t);
  const owner = await ownerSession(server);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await appRequest(server, owner, method, path, body);
    assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
    return res.json() as T;
  };
  return { remote, model, server, owner, call };
}

describe('tracking routes of the app API', () => {
  it('tracks a repo of another hub, browses its folders with hashes, finds files, diffs two refreshes and untracks it', async (t) => {
    const { remote, model, server, owner, call } = await setup(t);
    const proxy = await startFaultProxy(remote.url);
    t.after(() => proxy.close());
    const tracked = await call<TrackedRepoView>('POST', '/tracking/repos', { endpoint: `${proxy.url}/`, repoType: 'model', repo: 'alice/m1' });
    const expected = await remoteFiles(remote, 'alice/m1', model.head);
    assert.deepEqual(
      [tracked.repo, tracked.endpoint, tracked.revision, tracked.commit, tracked.files, tracked.totalSize, tracked.error, tracked.updateAvailable],
      ['alice/m1', proxy.url, 'main', model.head, expected.size, [...expected.values()].reduce((sum, file) => sum + file.size, 0), null, false],
    );
    assert.equal(tracked.nextCheckAt, (tracked.checkedAt ?? 0) + 24 * 3600_000, 'checked again a day later');
    assert.deepEqual((await call<TrackedReposWithFactsResponse>('GET', '/tracking/repos')).repos.map(({ facts: _facts, ...repo }) => repo), [tracked]);

    const root = await call<FolderListingResponse>('GET', `/tracking/repos/${tracked.id}/tree`);
    assert.deepEqual(root.entries.map((entry) => [entry.kind, entry.path]), [['folder', 'weights'], ['file', '.gitattributes'], ['file', 'README.md'], ['file', 'config.json']]);
    const weightsFolder = await call<FolderListingResponse>('GET', `/tracking/repos/${tracked.id}/tree?path=weights`);
    assert.deepEqual(weightsFolder.entries.map((entry) => [entry.kind, entry.path, entry.size, entry.oid, entry.sha256]), [
      ['folder', 'weights/extra', null, weightsFolder.entries[0]?.oid ?? null, null],
      ['file', 'weights/model.safetensors', weights.length, expected.get('weights/model.safetensors')?.oid, sha256(weights)],
    ]);
    const nested = await call<FolderListingResponse>('GET', `/tracking/repos/${tracked.id}/tree?path=weights/extra&revision=${model.head.slice(0, 12)}`);
    assert.deepEqual(nested.entries.map((entry) => [entry.path, entry.sha256]), [['weights/extra/q4.gguf', sha256(gguf)]]);
    const config = await call<TrackedFile>('GET', `/tracking/repos/${tracked.id}/file?path=config.json`);
    assert.deepEqual([config.trackedId, config.commit, config.size, config.oid, config.sha256], [tracked.id, model.head, ...Object.values(expected.get('config.json') ?? {})]);

    const byGlob = await call<FindResponse>('GET', `/tracking/find?glob=${encodeURIComponent('*.gguf')}`);
    assert.deepEqual(byGlob.files.map((file) => [file.trackedId, file.path, file.sha256]), [[tracked.id, 'weights/extra/q4.gguf', sha256(gguf)]]);
    const byHash = await call<FindResponse>('GET', `/tracking/find?hash=${sha256(weights).toUpperCase()}`);
    assert.deepEqual(byHash.files.map((file) => file.path), ['weights/model.safetensors']);
    const byOid = await call<FindResponse>('GET', `/tracking/find?hash=${expected.get('README.md')?.oid ?? ''}`);
    assert.deepEqual(byOid.files.map((file) => file.path), ['README.md']);
    assert.deepEqual((await call<FindResponse>('GET', '/tracking/find?ext=json')).files.map((file) => file.path), ['config.json']);
    assert.deepEqual((await call<FindResponse>('GET', '/tracking/find?name=SAFETENSORS')).files.map((file) => file.path), ['weights/model.safetensors']);

    // The remote changes: config modified, README removed, the gguf moved, a file added.
    const next = await commitFiles(remote.core.store, model.repo.id, { 'config.json': '{"model_type": "mistral"}\n', 'q4.gguf': gguf, 'new.txt': 'new\n' }, { lfs: ['q4.gguf'], deletes: ['README.md', 'weights/extra/q4.gguf'] });
    // Two windows refresh it at once: the new tree is listed once, and neither sees the other's write as a failure.
    const treeRequests = (): number => proxy.requests.filter((request) => request.includes(`/tree/${next}`)).length;
    const both = await Promise.all([call<RefreshResponse>('POST', '/tracking/refresh', { id: tracked.id }), call<RefreshResponse>('POST', '/tracking/refresh', {})]);
    assert.equal(treeRequests(), 1);
    for (const refreshed of both) {
      assert.deepEqual(refreshed.results.map((result) => [result.error, result.repo.commit, result.repo.previousCommit, result.repo.updateAvailable]), [[null, next, model.head, true]]);
    }
    assert.ok(both.some((refreshed) => refreshed.results[0]?.status === 'updated'));
    const refreshJobs = (): string[] => server.core.jobs.list().filter((job) => job.kind === 'catalog-refresh').map((job) => `${job.title}: ${job.state}`);
    assert.deepEqual(refreshJobs(), [`Refresh alice/m1@main on ${proxy.url}: done`], 'one job of the queue ran both');
    const unchanged = await call<RefreshResponse>('POST', '/tracking/refresh', {});
    assert.deepEqual(unchanged.results.map((result) => result.status), ['unchanged']);
    const revisions = await call<StoredRevisionsResponse>('GET', `/tracking/repos/${tracked.id}/revisions`);
    assert.deepEqual(revisions.revisions.map((revision) => [revision.commit, revision.refs]), [[next, ['main']], [model.head, []]]);

    const diff = await call<StructureDiffResponse>('GET', `/tracking/repos/${tracked.id}/diff?from=${model.head}&to=main`);
    const after = await remoteFiles(remote, 'alice/m1', next);
    assert.deepEqual([diff.oldCommit, diff.newCommit], [model.head, next]);
    assert.deepEqual(diff.added.map((file) => [file.path, file.oid]), [['new.txt', after.get('new.txt')?.oid]]);
    assert.deepEqual(diff.removed.map((file) => [file.path, file.oid]), [['README.md', expected.get('README.md')?.oid]]);
    assert.deepEqual(diff.modified.map((file) => [file.path, file.old.oid, file.new.oid]), [['config.json', expected.get('config.json')?.oid, after.get('config.json')?.oid]]);
    assert.deepEqual(diff.renamed.map((file) => [file.from.path, file.to.path, file.to.sha256]), [['weights/extra/q4.gguf', 'q4.gguf', sha256(gguf)]]);

    assert.deepEqual(await call('DELETE', `/tracking/repos/${tracked.id}`), { removed: true });
    assert.deepEqual((await call<TrackedReposResponse>('GET', '/tracking/repos')).repos, []);
    assert.deepEqual((await call<FindResponse>('GET', '/tracking/find?ext=gguf')).files, []);
    assertRefused(await appRequest(server, owner, 'GET', `/tracking/repos/${tracked.id}/tree`), 404, 'RepoNotFound', 'an untracked repo');
  });

  it('tracks a private repo on a saved hub with the token saved for it', async (t) => {
    const { remote, call } = await setup(t);
    const secret = await seedRepo(remote.core.store, { name: 'secret', private: true, files: { 'a.txt': 'a\n' } });
    const hub = await call<SavedHub>('POST', '/hubs', { name: 'Remote', endpoint: remote.url, token: remote.token });
    const tracked = await call<TrackedRepoView>('POST', '/tracking/repos', { hub: hub.id, repoType: 'model', repo: 'alice/secret', revision: 'main' });
    assert.deepEqual([tracked.endpoint, tracked.commit, tracked.files], [remote.url, secret.head, (await remoteFiles(remote, 'alice/secret', secret.head, remote.token)).size]);
  });

  it('tracks every branch and tag of a repo, on a schedule of its own', async (t) => {
    const { remote, model, call } = await setup(t);
    remote.core.store.createBranch(model.repo.id, 'dev');
    const tracked = await call<TrackedRepoView>('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1', allRefs: true, every: '6h' });
    assert.deepEqual([tracked.revision, tracked.everyMs, tracked.commit, tracked.refs], ['*', 6 * 3600_000, model.head, [{ ref: 'dev', commit: model.head }, { ref: 'main', commit: model.head }]]);
    assert.equal(tracked.nextCheckAt, (tracked.checkedAt ?? 0) + 6 * 3600_000);
    await commitFiles(remote.core.store, model.repo.id, { 'dev-only.txt': 'dev\n' }, { branch: 'dev' });
    await call<RefreshResponse>('POST', '/tracking/refresh', { id: tracked.id });
    const names = async (query: string): Promise<string[]> => (await call<FolderListingResponse>('GET', `/tracking/repos/${tracked.id}/tree${query}`)).entries.map((entry) => entry.name);
    assert.ok((await names('?revision=dev')).includes('dev-only.txt'), 'a branch is browsed by its name');
    assert.ok(!(await names('')).includes('dev-only.txt'), 'main by default');
    const never = await call<TrackedRepoView>('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1', revision: 'dev', every: 'never' });
    assert.deepEqual([never.revision, never.everyMs, never.nextCheckAt], ['dev', null, null]);
  });

  it('answers bad input with 400 and its error code, a missing repo or revision with 404, and keeps nothing of a failed add', async (t) => {
    const { remote, server, owner, call } = await setup(t);
    const tracked = await call<TrackedRepoView>('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1' });
    const refused = async (method: string, path: string, body: unknown, status: number, code: string): Promise<void> => {
      assertRefused(await appRequest(server, owner, method, path, body), status, code, `${method} ${path} ${JSON.stringify(body)}`);
    };
    await refused('GET', '/tracking/find?hash=xyz', undefined, 400, 'BadRequest');
    await refused('GET', '/tracking/duplicates/places?hash=xyz', undefined, 400, 'BadRequest');
    await refused('GET', '/tracking/duplicates/places', undefined, 400, 'BadRequest');
    await refused('GET', '/tracking/duplicates?limit=0', undefined, 400, 'BadRequest');
    await refused('GET', '/tracking/duplicates?offset=-1', undefined, 400, 'BadRequest');
    await refused('GET', `/tracking/find?glob=${encodeURIComponent('weights/[')}`, undefined, 400, 'BadRequest');
    await refused('GET', '/tracking/find', undefined, 400, 'BadRequest');
    await refused('GET', '/tracking/find?ext=gguf&name=q4', undefined, 400, 'BadRequest');
    await refused('GET', '/tracking/find?limit=3', undefined, 400, 'BadRequest');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, repo: 'not a repo' }, 400, 'InvalidRepoName');
    await refused('POST', '/tracking/repos', { endpoint: 'ftp://example.com', repo: 'alice/m1' }, 400, 'BadRequest');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, hub: 'hf', repo: 'alice/m1' }, 400, 'BadRequest');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1', repoType: 'kernel' }, 400, 'BadRequest');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1', allRefs: true, revision: 'main' }, 400, 'BadRequest');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1', revision: 'v1', every: 'sometimes' }, 400, 'BadRequest');
    await refused('POST', '/tracking/repos', { hub: 'nope', repo: 'alice/m1' }, 404, 'NotFound');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1' }, 409, 'Conflict');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/missing' }, 404, 'RepoNotFound');
    await refused('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1', revision: 'no-such-branch' }, 404, 'RevisionNotFound');
    await refused('POST', '/tracking/refresh', { id: 'one' }, 400, 'BadRequest');
    await refused('POST', '/tracking/refresh', { id: 999 }, 404, 'RepoNotFound');
    await refused('DELETE', '/tracking/repos/abc', {}, 400, 'BadRequest');
    await refused('DELETE', '/tracking/repos/999', {}, 404, 'RepoNotFound');
    await refused('GET', `/tracking/repos/${tracked.id}/tree?path=weights/none`, undefined, 404, 'EntryNotFound');
    await refused('GET', `/tracking/repos/${tracked.id}/tree?path=config.json`, undefined, 404, 'EntryNotFound');
    await refused('GET', `/tracking/repos/${tracked.id}/file?path=weights`, undefined, 404, 'EntryNotFound');
    await refused('GET', `/tracking/repos/${tracked.id}/file`, undefined, 400, 'BadRequest');
    await refused('GET', `/tracking/repos/${tracked.id}/diff?from=main`, undefined, 400, 'BadRequest');
    await refused('GET', `/tracking/repos/${tracked.id}/diff?from=${'0'.repeat(40)}&to=main`, undefined, 404, 'RevisionNotFound');
    await refused('POST', '/tracking/repos', { endpoint: 'http://127.0.0.1:9', repo: 'alice/m1' }, 502, 'UpstreamUnavailable');
    assert.deepEqual((await call<TrackedReposResponse>('GET', '/tracking/repos')).repos.map((repo) => repo.id), [tracked.id], 'the failed adds left nothing tracked');

    // The hub goes down: the refresh says why, in seconds, and the last good structure stays browsable.
    await remote.stop();
    const [failed] = (await call<RefreshResponse>('POST', '/tracking/refresh', { id: tracked.id })).results;
    assert.deepEqual([failed?.status, failed?.repo.commit, failed?.repo.files], ['failed', tracked.commit, tracked.files]);
    assert.match(failed?.error ?? '', /^alice\/m1@main on http:\/\/127\.0\.0\.1:\d+: /);
    const [listed] = (await call<TrackedReposResponse>('GET', '/tracking/repos')).repos;
    assert.deepEqual([listed?.error, listed?.commit], [failed?.error, tracked.commit]);
    assert.ok((await call<FolderListingResponse>('GET', `/tracking/repos/${tracked.id}/tree`)).entries.length > 0);
  });

  it("pushes each refresh job's progress over the event stream, to the owner only: entries listed, done, or failed with its reason", async (t) => {
    const { remote, model, server, owner, call } = await setup(t);
    const tracked = await call<TrackedRepoView>('POST', '/tracking/repos', { endpoint: remote.url, repo: 'alice/m1' });
    server.core.accounts.createUser('bob');
    const bob = await tokenSession(server, server.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' }));
    const ownerEvents = await openEventStream(t, server.url, owner);
    const bobEvents = await openEventStream(t, server.url, bob);
    const refreshes = (events: readonly AppEvent[]): RefreshProgressView[] => events.flatMap((event) => (event.type === 'tracking-refresh' ? [event.refresh] : []));

    const next = await commitFiles(remote.core.store, model.repo.id, { 'new.txt': 'new\n' });
    const treeEntries = (await httpRequest(`${remote.url}/api/models/alice/m1/tree/${next}?recursive=true`).then((res) => res.json() as unknown[])).length;
    const [updated] = (await call<RefreshResponse>('POST', '/tracking/refresh', { id: tracked.id })).results;
    assert.equal(updated?.status, 'updated');
    await ownerEvents.next((event) => event.type === 'tracking-refresh' && event.refresh.state === 'done', 0);
    const seen = refreshes(ownerEvents.events);
    assert.deepEqual([...new Set(seen.map((event) => event.state))], ['queued', 'running', 'done']);
    assert.ok(seen.every((event) => event.trackedId === tracked.id && event.error === null));
    assert.ok(seen.some((event) => event.state === 'running' && event.filesListed === treeEntries), `a running event with the ${treeEntries} entries listed: ${JSON.stringify(seen)}`);

    await remote.stop();
    const [failed] = (await call<RefreshResponse>('POST', '/tracking/refresh', { id: tracked.id })).results;
    const failure = await ownerEvents.next((event) => event.type === 'tracking-refresh' && event.refresh.state === 'failed', 0);
    assert.deepEqual(failure.type === 'tracking-refresh' ? [failure.refresh.trackedId, failure.refresh.error] : [], [tracked.id, failed?.error]);
    assert.match(failed?.error ?? '', /alice\/m1@main/);

    // Another user's stream hears nothing of the owner's tracking: a library change (the facts of a
    // new hub repo, read after its commit) reaches it after everything published before.
    await seedRepo(server.core.store, { name: 'after', files: { 'config.json': '{"model_type": "llama"}\n' } });
    await bobEvents.next((event) => event.type === 'library-changed', 0);
    assert.deepEqual(refreshes(bobEvents.events), []);
  });

  it("refuses every tracking route to anyone but the owner, in our error format: they hold the owner's tokens and private repo names", async (t) => {
    const { server } = await setup(t);
    server.core.accounts.createUser('bob');
    const bob = await tokenSession(server, server.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' }));
    const readToken = readOnlyToken(server, 'carol');
    const readSession = await tokenSession(server, readToken);
    const routes = server.core.appRoutes().filter((route) => route.url.startsWith('/-/api/v1/tracking'));
    assert.deepEqual(routes.map((route) => `${route.method} ${route.url.replace('/-/api/v1', '')}`).filter((route) => !route.startsWith('HEAD')).sort(), [
      'DELETE /tracking/repos/:id', 'GET /tracking/duplicates', 'GET /tracking/duplicates/places', 'GET /tracking/find', 'GET /tracking/outdated', 'GET /tracking/repos', 'GET /tracking/repos/:id/diff',
      'GET /tracking/repos/:id/facts', 'GET /tracking/repos/:id/file', 'GET /tracking/repos/:id/revisions', 'GET /tracking/repos/:id/stats', 'GET /tracking/repos/:id/tree',
      'GET /tracking/similar', 'GET /tracking/stats', 'POST /tracking/refresh', 'POST /tracking/repos',
    ]);
    for (const route of routes) {
      const path = route.url.replace('/-/api/v1', '').replace(':id', '1');
      const what = `${route.method} ${path}`;
      assert.equal(route.access, 'owner', what);
      assertRefused(await appRequest(server, undefined, route.method, path, {}), 401, 'Unauthorized', `${what} as anonymous`);
      assertRefused(await appRequest(server, bob, route.method, path, {}), 403, 'Forbidden', `${what} as another user`);
      assertRefused(await appRequest(server, readSession, route.method, path, {}), 403, 'Forbidden', `${what} with a read token's session`);
      const changes = route.method !== 'GET' && route.method !== 'HEAD';
      const bearer = await httpRequest(`${server.url}/-/api/v1${path}`, {
        method: route.method,
        headers: { authorization: `Bearer ${readToken}`, ...(changes ? { 'content-type': 'application/json' } : {}) },
        ...(changes ? { body: '{}' } : {}),
      });
      assertRefused(bearer, 401, 'Unauthorized', `${what} with a read token as bearer`);
    }
  });
});

// Two models sharing a file: a Llama-shaped safetensors one and a GGUF one.
const shared = randomContent(30_000);
const llamaTensor = { name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [100, 50] } as const;
const llama = {
  'config.json': JSON.stringify({ architectures: ['LlamaForCausalLM'], model_type: 'llama', torch_dtype: 'bfloat16' }),
  'README.md': '---\nlicense: apache-2.0\nlibrary_name: transformers\n---\n# llama\n',
  'model.safetensors': safetensorsFile([llamaTensor]),
  'shared.dat': shared,
};
const ggufTensors = [{ name: 'token_embd.weight', dimensions: [64, 3000], type: 12 }];
const ggufModel = {
  'README.md': '---\nlicense: mit\nlibrary_name: gguf\n---\n',
  'tiny-Q4_K_M.gguf': ggufFile({ 'general.architecture': { type: 'string', value: 'qwen2' }, 'general.file_type': { type: 'u32', value: 15 } }, ggufTensors, 60_000),
  'shared.dat': shared,
};

type RemoteFiles = Awaited<ReturnType<typeof remoteFiles>>;
const contentKey = (file: { oid: string; sha256: string | null }): string => file.sha256 ?? file.oid;
const sizeOf = (tree: RemoteFiles): number => [...tree.values()].reduce((sum, file) => sum + file.size, 0);

/** A remote with both models, both tracked by the HubKeeper under test. */
async function setupReports(t: Cleanup) {
  const remote = await startServer(t);
  const llamaRepo = await seedRepo(remote.core.store, { name: 'llama', files: llama, lfs: ['model.safetensors', 'shared.dat'] });
  const ggufRepo = await seedRepo(remote.core.store, { name: 'tiny-gguf', files: ggufModel, lfs: ['tiny-Q4_K_M.gguf', 'shared.dat'] });
  const server = await startServer(t);
  const owner = await ownerSession(server);
  const call = async <T>(path: string): Promise<T> => {
    const res = await appRequest(server, owner, 'GET', path);
    assert.equal(res.status, 200, `GET ${path}: ${res.text}`);
    return res.json() as T;
  };
  const track = async (repo: string): Promise<TrackedRepoView> => {
    const res = await appRequest(server, owner, 'POST', '/tracking/repos', { endpoint: remote.url, repo });
    assert.equal(res.status, 200, res.text);
    return res.json() as TrackedRepoView;
  };
  const trackedLlama = await track('alice/llama');
  const trackedGguf = await track('alice/tiny-gguf');
  const trees = { llama: await remoteFiles(remote, 'alice/llama', llamaRepo.head), gguf: await remoteFiles(remote, 'alice/tiny-gguf', ggufRepo.head) };
  return { remote, server, owner, call, llamaRepo, trackedLlama, trackedGguf, trees };
}

describe('tracking report routes of the app API', () => {
  it('answers stats, duplicates and similar repos as computed from the remote trees', async (t) => {
    const { call, trackedLlama, trackedGguf, trees } = await setupReports(t);
    const all = [...trees.llama.entries(), ...trees.gguf.entries()].map(([path, file]) => ({ path, ...file }));

    const stats = await call<TrackingStatsResponse>('/tracking/stats');
    const lfsFiles = all.filter((file) => file.sha256 !== null);
    assert.deepEqual([stats.trackedRepos, stats.reposWithStructures, stats.files, stats.totalSize, stats.lfsFiles, stats.lfsSize], [
      2, 2, all.length, sizeOf(trees.llama) + sizeOf(trees.gguf), lfsFiles.length, lfsFiles.reduce((sum, file) => sum + file.size, 0),
    ]);
    const largest = [...all].sort((a, b) => b.size - a.size)[0];
    assert.deepEqual([stats.largest[0]?.path, stats.largest[0]?.size, stats.largest[0]?.trackedId], [largest?.path, largest?.size, trackedGguf.id]);
    assert.deepEqual(stats.byExtension.find((row) => row.ext === 'gguf'), { ext: 'gguf', files: 1, size: trees.gguf.get('tiny-Q4_K_M.gguf')?.size });
    assert.deepEqual(stats.repos.map((repo) => [repo.trackedId, repo.files, repo.totalSize]).sort(), [
      [trackedLlama.id, trees.llama.size, sizeOf(trees.llama)], [trackedGguf.id, trees.gguf.size, sizeOf(trees.gguf)],
    ].sort());
    const one = await call<RepoStatsResponse>(`/tracking/repos/${trackedGguf.id}/stats`);
    assert.deepEqual([one.commit, one.stats?.files, one.stats?.totalSize], [trackedGguf.commit, trees.gguf.size, sizeOf(trees.gguf)]);

    // Every content both repos hold: nothing is on this disk, so each saves its size once when reused.
    const inBoth = [...trees.llama.values()].filter((file) => [...trees.gguf.values()].some((other) => contentKey(other) === contentKey(file)));
    assert.ok(inBoth.some((file) => file.sha256 !== null), 'shared.dat is among them');
    const duplicates = await call<DuplicatesResponse>('/tracking/duplicates');
    assert.deepEqual(duplicates.contents.map((content) => contentKey(content)).sort(), inBoth.map(contentKey).sort());
    assert.deepEqual([duplicates.wastedBytes, duplicates.reusableBytes, duplicates.truncated], [0, inBoth.reduce((sum, file) => sum + file.size, 0), false]);
    const sharedBin = duplicates.contents.find((content) => content.sha256 !== null);
    assert.deepEqual(sharedBin?.places.map((place) => [place.trackedId, place.path]).sort(), [[trackedLlama.id, 'shared.dat'], [trackedGguf.id, 'shared.dat']].sort());
    assert.deepEqual([duplicates.count, sharedBin?.placeCount, sharedBin?.repos.map((repo) => repo.trackedId).sort()], [inBoth.length, 2, [trackedLlama.id, trackedGguf.id].sort()]);
    const page = await call<DuplicatesResponse>('/tracking/duplicates?limit=1&offset=1');
    assert.deepEqual([page.contents.map(contentKey), page.count, page.truncated], [[contentKey(duplicates.contents[1] ?? { oid: 'none', sha256: null })], inBoth.length, inBoth.length > 2]);
    const places = await call<DuplicatePlacesResponse>(`/tracking/duplicates/places?hash=${sharedBin?.sha256 ?? ''}&limit=1`);
    assert.deepEqual([places.places.map((place) => place.path), places.truncated], [['shared.dat'], true], 'the places of one content, paged');

    const paths = [...trees.llama.keys()].filter((path) => trees.gguf.has(path));
    const identical = paths.filter((path) => contentKey(trees.llama.get(path) ?? { oid: 'a', sha256: null }) === contentKey(trees.gguf.get(path) ?? { oid: 'b', sha256: null }));
    const expected = [trackedGguf.id, trackedGguf.commit, paths.length, identical.length, inBoth.length, inBoth.reduce((sum, file) => sum + file.size, 0)];
    const similarity = (answer: SimilarResponse) => answer.similar.map((repo) => [repo.trackedId, repo.commit, repo.sharedPaths, repo.identicalFiles, repo.sharedContents, repo.sharedSize]);
    assert.deepEqual(similarity(await call<SimilarResponse>(`/tracking/similar?repo=${trackedLlama.id}&with=${trackedGguf.id}`)), [expected]);
    assert.deepEqual(similarity(await call<SimilarResponse>(`/tracking/similar?repo=${trackedLlama.id}`)), [expected], 'the most similar repos');
  });

  it('shows model facts of any stored revision and filters the tracked repos on them', async (t) => {
    const { remote, server, owner, call, llamaRepo, trackedLlama, trackedGguf, trees } = await setupReports(t);
    const facts = await call<RepoFactsResponse>(`/tracking/repos/${trackedLlama.id}/facts`);
    const parameters = llamaTensor.shape[0] * llamaTensor.shape[1];
    assert.deepEqual([facts.commit, facts.facts?.architectures, facts.facts?.parameters, facts.facts?.license, facts.facts?.library, facts.facts?.formats, facts.facts?.bytesToLoad], [
      trackedLlama.commit, ['LlamaForCausalLM'], parameters, 'apache-2.0', 'transformers', ['safetensors'], parameters * 2,
    ]);
    const listed = await call<TrackedReposWithFactsResponse>('/tracking/repos');
    const gguf = listed.repos.find((repo) => repo.id === trackedGguf.id);
    assert.deepEqual([gguf?.facts?.quantisation, gguf?.facts?.formats, gguf?.facts?.license], [['Q4_K_M'], ['gguf'], 'mit']);

    const matching = async (query: string): Promise<number[]> => (await call<TrackedReposWithFactsResponse>(`/tracking/repos?${query}`)).repos.map((repo) => repo.id);
    assert.deepEqual(await matching('arch=LlamaForCausalLM'), [trackedLlama.id]);
    assert.deepEqual(await matching('quant=Q4_K_M'), [trackedGguf.id]);
    assert.deepEqual(await matching('format=gguf&license=mit'), [trackedGguf.id]);
    assert.deepEqual(await matching(`minParams=${parameters + 1}`), [trackedGguf.id]);
    assert.deepEqual(await matching(`maxParams=${parameters}&dtype=bfloat16`), [trackedLlama.id]);
    assert.deepEqual(await matching(`fits=${parameters * 2}`), [trackedLlama.id], 'loads in that many bytes');
    assert.deepEqual(await matching(`fits=${trees.gguf.get('tiny-Q4_K_M.gguf')?.size ?? 0}B&library=gguf`), [trackedGguf.id]);
    assert.deepEqual(await matching('library=diffusers'), []);

    // The remote relicenses its card: after a refresh each stored revision keeps its own facts.
    const relicensed = await commitFiles(remote.core.store, llamaRepo.repo.id, { 'README.md': '---\nlicense: mit\nlibrary_name: transformers\n---\n' });
    const refreshed = await appRequest(server, owner, 'POST', '/tracking/refresh', { id: trackedLlama.id });
    assert.equal(refreshed.status, 200, refreshed.text);
    const at = async (revision?: string): Promise<[string | null, string | null | undefined]> => {
      const answer = await call<RepoFactsResponse>(`/tracking/repos/${trackedLlama.id}/facts${revision === undefined ? '' : `?revision=${revision}`}`);
      return [answer.commit, answer.facts?.license];
    };
    assert.deepEqual(await at(), [relicensed, 'mit']);
    assert.deepEqual(await at('main'), [relicensed, 'mit']);
    assert.deepEqual(await at(llamaRepo.head.slice(0, 10)), [llamaRepo.head, 'apache-2.0'], 'the first refresh\'s revision, by a commit prefix');
    assertRefused(await appRequest(server, owner, 'GET', `/tracking/repos/${trackedLlama.id}/facts?revision=0000000000`), 404, 'RevisionNotFound', 'a revision never stored');
  });

  it('lists the HF cache refs behind their hub, the default or a saved one, with what an update changes', async (t) => {
    const { remote, server, owner, call, llamaRepo } = await setupReports(t);
    const { engine } = await testEngine(t, { endpoint: remote.url, cacheDir: join(server.dataDir, 'hf-hub-cache') });
    await engine.snapshotDownload('alice/llama');
    assert.deepEqual((await call<OutdatedResponse>(`/tracking/outdated?endpoint=${encodeURIComponent(remote.url)}`)).outdated, [], 'up to date');
    const readme = '---\nlicense: mit\n---\n# llama, relicensed\n';
    const next = await commitFiles(remote.core.store, llamaRepo.repo.id, { 'README.md': readme, 'extra.txt': 'extra\n' });
    const report = await call<OutdatedResponse>(`/tracking/outdated?endpoint=${encodeURIComponent(remote.url)}`);
    assert.deepEqual([report.checked, report.failures, report.cacheDir], [1, [], join(server.dataDir, 'hf-hub-cache')]);
    const after = await remoteFiles(remote, 'alice/llama', next);
    assert.deepEqual(report.outdated.map((snapshot) => [snapshot.repo, snapshot.ref, snapshot.cachedCommit, snapshot.upstreamCommit, snapshot.downloadBytes]), [
      ['alice/llama', 'main', llamaRepo.head, next, (after.get('README.md')?.size ?? 0) + (after.get('extra.txt')?.size ?? 0)],
    ]);
    assert.deepEqual(report.outdated[0]?.added.map((file) => [file.path, file.oid]), [['extra.txt', after.get('extra.txt')?.oid]]);
    assert.deepEqual(report.outdated[0]?.modified.map((file) => [file.path, file.new.oid]), [['README.md', after.get('README.md')?.oid]]);

    // The Updates tab's hub picker: a hub saved in Settings, named by its id.
    const saved = await appRequest(server, owner, 'POST', '/hubs', { name: 'The remote', endpoint: remote.url });
    assert.equal(saved.status, 200, saved.text);
    const bySaved = await call<OutdatedResponse>(`/tracking/outdated?hub=${(saved.json() as SavedHub).id}`);
    assert.deepEqual([bySaved.endpoint, bySaved.outdated.map((snapshot) => snapshot.upstreamCommit)], [remote.url, [next]]);
  });

  it('answers bad report queries with 400 and its error code, a repo not tracked with 404', async (t) => {
    const { server, owner, trackedLlama } = await setupReports(t);
    const refused = async (path: string, status: number, code: string): Promise<void> => assertRefused(await appRequest(server, owner, 'GET', path), status, code, path);
    await refused('/tracking/repos?minParams=lots', 400, 'BadRequest');
    await refused('/tracking/repos?format=zip', 400, 'BadRequest');
    await refused('/tracking/repos?fits=big', 400, 'BadRequest');
    await refused('/tracking/repos?arch=a,b', 400, 'BadRequest');
    await refused('/tracking/repos?color=red', 400, 'BadRequest');
    await refused('/tracking/similar', 400, 'BadRequest');
    await refused('/tracking/similar?repo=x', 400, 'BadRequest');
    await refused('/tracking/similar?repo=999', 404, 'RepoNotFound');
    await refused(`/tracking/similar?repo=${trackedLlama.id}&with=999`, 404, 'RepoNotFound');
    await refused('/tracking/repos/999/facts', 404, 'RepoNotFound');
    await refused('/tracking/repos/999/stats', 404, 'RepoNotFound');
    await refused('/tracking/outdated?endpoint=ftp://example.com', 400, 'BadRequest');
    await refused(`/tracking/outdated?endpoint=${encodeURIComponent('http://127.0.0.1:9')}&hub=hf`, 400, 'BadRequest');
    await refused('/tracking/outdated?hub=nope', 404, 'NotFound');
  });
});
