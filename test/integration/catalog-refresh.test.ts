import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_REFS, CATALOG_REFRESH_JOB, CATALOG_RETRY, type Catalog, type RefreshJobResult } from '../../src/main/catalog/index.js';
import { DATABASE_FILE } from '../../src/main/db/index.js';
import type { JobInfo } from '../../src/main/jobs/index.js';
import { hubkeeperOnTempData, openTestCatalog } from '../helpers/catalog-setup.js';
import { lastInFirstOut } from '../helpers/download-fixtures.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';

/** A remote HubKeeper with alice/m1 behind a request-counting proxy, and a catalog (the CLI's retry policy) in its own data dir. */
async function setup(context: Cleanup) {
  const t = lastInFirstOut(context);
  const remote = await startServer(t);
  const model = await seedRepo(remote.core.store, { name: 'm1', files: { 'config.json': '{}\n', 'weights/a.bin': 'a\n' } });
  const proxy = await startFaultProxy(remote.url);
  t.after(() => proxy.close());
  const { dataDir, db, catalog } = await openTestCatalog(t, { prefix: 'hubkeeper-refresh-', databaseFile: DATABASE_FILE, retry: CATALOG_RETRY, defaultHub: { endpoint: proxy.url, token: remote.token } });
  return { t, remote, model, proxy, dataDir, db, catalog };
}

/** Creates or deletes a branch or tag through the remote's HF API, as a user of the hub does. */
async function refApi(remote: TestServer, method: 'POST' | 'DELETE', path: string, body?: object): Promise<void> {
  const response = await httpRequest(`${remote.url}/api/models/alice/m1/${path}`, {
    method,
    headers: { ...bearer(remote.token), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.equal(response.status, 200, response.text);
}

const refsOf = (catalog: Catalog) => Object.fromEntries((catalog.list()[0]?.refs ?? []).map((ref) => [ref.ref, ref.commit]));
const treeRequests = (proxy: FaultProxy) => proxy.requests.filter((line) => line.includes('/tree/'));

describe('refreshing tracked repos', () => {
  it('tracks every branch and tag: refs follow the remote, each new commit is listed once, an unchanged remote costs one request', async (t) => {
    const { remote, model, proxy, catalog } = await setup(t);
    await refApi(remote, 'POST', 'branch/dev', {});
    await refApi(remote, 'POST', 'branch/old', {});
    await refApi(remote, 'POST', 'tag/main', { tag: 'v1' });
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/m1', revision: ALL_REFS });

    const [first] = await catalog.refresh();
    assert.equal(first?.status, 'updated');
    assert.deepEqual(refsOf(catalog), { dev: model.head, main: model.head, old: model.head, v1: model.head });
    assert.equal(first?.repo.commit, model.head, 'an all-refs repo shows main');
    assert.equal(treeRequests(proxy).length, 1, 'four refs on one commit: its tree is listed once');

    const devHead = await commitFiles(remote.core.store, model.repo.id, { 'dev.txt': 'dev\n' }, { branch: 'dev' });
    await refApi(remote, 'POST', 'tag/dev', { tag: 'v2' });
    await refApi(remote, 'DELETE', 'branch/old');
    proxy.requests.length = 0;
    const [second] = await catalog.refresh();
    assert.equal(second?.status, 'updated');
    assert.deepEqual(refsOf(catalog), { dev: devHead, main: model.head, v1: model.head, v2: devHead }, 'a new tag appears, a deleted branch goes');
    assert.equal(treeRequests(proxy).length, 1, 'only the new commit is listed');
    assert.equal(catalog.fileHashes({ repo: 'alice/m1' }, 'dev.txt', 'v2').commit, devHead);
    assert.deepEqual(catalog.diff({ repo: 'alice/m1' }, 'main', 'dev').added.map((file) => file.path), ['dev.txt']);

    proxy.requests.length = 0;
    const [third] = await catalog.refresh();
    assert.equal(third?.status, 'unchanged');
    assert.deepEqual(proxy.requests, ['GET /api/models/alice/m1/refs']);

    await proxy.close();
    const [failed] = await catalog.refresh();
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.error ?? '', /^alice\/m1@\* on .*Could not reach/);
    assert.deepEqual(refsOf(catalog), { dev: devHead, main: model.head, v1: model.head, v2: devHead }, 'a failed refresh keeps every ref');
  });

  it('waits out a 429 with Retry-After and succeeds', async (t) => {
    const { proxy, model, catalog } = await setup(t);
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/m1', revision: 'main' });
    proxy.faults.tooManyRequests = { times: 1, headers: { 'retry-after': '1' } };
    const started = performance.now();
    const [result] = await catalog.refresh();
    assert.equal(result?.status, 'updated', result?.error ?? '');
    assert.equal(result?.repo.commit, model.head);
    assert.match(proxy.requests[0] ?? '', /^GET \/api\/models\/alice\/m1\/revision\/main/);
    assert.equal(proxy.requests[1], proxy.requests[0], 'the same request again, after the wait');
    // The backoff without Retry-After would be under 700 ms; Python waits Retry-After plus a second.
    assert.ok(performance.now() - started >= 1900, 'the named wait was waited');
  });

  it('a rate limit that asks for more than 5 minutes fails at once, naming when to retry, and keeps the structure', async (t) => {
    const { proxy, model, catalog } = await setup(t);
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/m1', revision: ALL_REFS });
    await catalog.refresh();
    proxy.requests.length = 0;
    proxy.faults.tooManyRequests = { times: 5, headers: { ratelimit: '"api";r=0;t=3600', 'ratelimit-policy': '"fixed window";"api";q=500;w=3600' } };
    const before = Date.now();
    const [failed] = await catalog.refresh();
    assert.equal(failed?.status, 'failed');
    const retryAt = /retry after (\S+)$/.exec(failed?.error ?? '')?.[1];
    assert.match(failed?.error ?? '', /^alice\/m1@\* on .*: 127\.0\.0\.1:\d+ is rate limiting requests and asks to wait 3601 s/);
    assert.ok(retryAt !== undefined && Date.parse(retryAt) >= before + 3_600_000, failed?.error ?? '');
    assert.equal(proxy.requests.length, 1, 'no retry while the hub says to wait an hour');
    assert.deepEqual(refsOf(catalog), { main: model.head });
    assert.equal(catalog.list()[0]?.error, failed?.error);
  });

  it('the running server refreshes repos when their period is due, at most 4 at once', { timeout: 30_000 }, async (t) => {
    const { t: cleanup, remote, model, proxy, dataDir, catalog } = await setup(t);
    const seconds = { everyMs: 1000 };
    catalog.track({ endpoint: proxy.url, repoType: 'model', repo: 'alice/m1', revision: 'main', ...seconds });
    await catalog.refresh();
    // Five more, never refreshed: due at once, one more than may refresh at once.
    const others = new Map<string, string>();
    for (const name of ['m2', 'm3', 'm4', 'm5', 'm6']) {
      others.set(`alice/${name}`, (await seedRepo(remote.core.store, { name, files: { [`${name}.txt`]: `${name}\n` } })).head);
      catalog.track({ endpoint: proxy.url, repoType: 'model', repo: `alice/${name}`, revision: 'main', ...seconds });
    }
    const head = await commitFiles(remote.core.store, model.repo.id, { 'new.txt': 'new\n' });

    const local = await startServer(cleanup, { overrides: { dataDir } });
    const jobs = local.core.jobs;
    const refreshing = (): number => jobs.list().filter((job) => job.kind === CATALOG_REFRESH_JOB && (job.state === 'queued' || job.state === 'running')).length;
    let most = refreshing();
    const finished = new Map<string, JobInfo>();
    await new Promise<void>((resolve) => {
      const onState = ({ job }: { job: JobInfo }): void => {
        if (job.kind !== CATALOG_REFRESH_JOB) return;
        most = Math.max(most, refreshing());
        if (job.state === 'done' || job.state === 'failed') finished.set(job.title, job);
        // A refresh stores what it found before its job reports done: wait for m1's job itself.
        const m1Finished = finished.has(`Refresh alice/m1@main on ${proxy.url}`);
        if (m1Finished && local.core.catalog.list().every((repo) => repo.commit !== null)) {
          jobs.events.off('state', onState);
          resolve();
        }
      };
      jobs.events.on('state', onState);
    });
    assert.equal(most, 4, 'at most 4 repos refreshing (queued or running) at once');
    assert.deepEqual(new Map(local.core.catalog.list().filter((repo) => repo.repo !== 'alice/m1').map((repo) => [repo.repo, repo.commit])), others);
    const m1Job = finished.get(`Refresh alice/m1@main on ${proxy.url}`);
    assert.equal(m1Job?.state, 'done', m1Job?.error);
    assert.equal((m1Job?.result as RefreshJobResult | undefined)?.commit, head, 'the job says what it found');
  });
});

describe('hubkeeper track add --all-refs and --every', () => {
  it('tracks all refs on a schedule, lists when it is next due, and refuses --revision with --all-refs', async (t) => {
    const context = lastInFirstOut(t);
    const remote = await startServer(context);
    const model = await seedRepo(remote.core.store, { name: 'm1', files: { 'config.json': '{}\n' } });
    await refApi(remote, 'POST', 'tag/main', { tag: 'v1' });
    const hubkeeper = await hubkeeperOnTempData(context, 'hubkeeper-refresh-cli-');

    const both = await hubkeeper('track', 'add', 'alice/m1', '--endpoint', remote.url, '--all-refs', '--revision', 'main');
    assert.equal(both.code, 1);
    assert.equal(both.stderr, 'hubkeeper: Give --revision or --all-refs, not both\n');
    const badEvery = await hubkeeper('track', 'add', 'alice/m1', '--endpoint', remote.url, '--every', 'daily');
    assert.equal(badEvery.code, 1);
    assert.match(badEvery.stderr, /^hubkeeper: --every must be a period such as 30m, 6h, 24h or 2d, or never \(got "daily"\)\n$/);

    const added = await hubkeeper('track', 'add', 'alice/m1', '--endpoint', remote.url, '--all-refs', '--every', '6h');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, new RegExp(`^Tracking alice/m1@\\* on ${remote.url}: 2 refs; main: 2 files, .* at ${model.head}\\n$`));
    const [listed] = JSON.parse((await hubkeeper('track', 'ls', '--json')).stdout) as Array<{ revision: string; every: string; nextRefreshAt: string; checkedAt: string; refs: Array<{ ref: string; commit: string }> }>;
    assert.equal(listed?.revision, '*');
    assert.equal(listed?.every, '6h');
    assert.deepEqual(listed?.refs.map((ref) => [ref.ref, ref.commit]), [['main', model.head], ['v1', model.head]]);
    assert.equal(Date.parse(listed?.nextRefreshAt ?? '') - Date.parse(listed?.checkedAt ?? ''), 6 * 3_600_000);
    const table = await hubkeeper('track', 'ls');
    assert.match(table.stdout, /NEXT/);
    assert.match(table.stdout, /alice\/m1 .* in 5 hours/);
  });
});
