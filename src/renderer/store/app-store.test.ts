import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DownloadJob, LibraryResponse } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { testDeps } from '../test-support/fake-deps.js';
import { createAppStore } from './app-store.js';
import { orderJobs } from './downloads-slice.js';
import type { QueryDef } from './query-slice.js';

const library = (ids: string[]): LibraryResponse => ({
  repos: ids.map((id) => ({ source: 'hub', type: 'model', id, sizeOnDisk: 1, files: 1, revisions: 1, refs: [], lastUsed: 0, private: false })),
  cache: { available: true, path: '/c', problem: null },
});

function libraryQuery(load: () => Promise<LibraryResponse>): QueryDef<LibraryResponse> {
  return { key: 'library', load: () => load() };
}

function job(id: string, state: DownloadJob['state'], createdAt: number, finishedAt: number | null = null): DownloadJob {
  return {
    id, state, source: 'Hugging Face', type: 'model', repo: 'a/b', revision: 'main', files: [], totalBytes: 10, doneBytes: 0,
    filesDone: null, filesTotal: null, speed: 0, eta: null, error: null, createdAt, finishedAt,
  };
}

describe('query slice', () => {
  it('shares one request between readers and keeps the answer with its time', async () => {
    let calls = 0;
    const store = createAppStore(testDeps());
    const def = libraryQuery(() => {
      calls++;
      return Promise.resolve(library(['a/x']));
    });
    await Promise.all([store.getState().fetchQuery(def), store.getState().fetchQuery(def)]);
    assert.equal(calls, 1);
    const entry = store.getState().queries.library;
    assert.equal(entry?.status, 'success');
    assert.equal(entry?.fetchedAt, 1_700_000_000_000);
    assert.deepEqual((entry?.data as LibraryResponse).repos.map((repo) => repo.id), ['a/x']);
  });

  it('keeps the last answer on screen when a refetch fails, and marks stale queries', async () => {
    const store = createAppStore(testDeps());
    await store.getState().fetchQuery(libraryQuery(() => Promise.resolve(library(['a/x']))));
    store.getState().invalidateQueries('lib');
    assert.equal(store.getState().queries.library?.stale, true);
    await store.getState().fetchQuery(libraryQuery(() => Promise.reject(new AppError('Internal', 'disk on fire'))));
    const entry = store.getState().queries.library;
    assert.equal(entry?.status, 'error');
    assert.equal(entry?.error?.message, 'disk on fire');
    assert.equal(entry?.stale, false);
    assert.deepEqual((entry?.data as LibraryResponse).repos.map((repo) => repo.id), ['a/x']);
  });

  it('a library-changed event (the core saw the HF cache change) marks the Library and Disk stale, nothing else', async () => {
    const store = createAppStore(testDeps());
    await store.getState().fetchQuery(libraryQuery(() => Promise.resolve(library(['a/x']))));
    await store.getState().fetchQuery({ key: 'disk', load: () => Promise.resolve({}) });
    await store.getState().fetchQuery({ key: 'settings', load: () => Promise.resolve({}) });
    store.getState().applyEvent({ type: 'library-changed' });
    assert.equal(store.getState().queries.library?.stale, true);
    assert.equal(store.getState().queries.disk?.stale, true);
    assert.equal(store.getState().queries.settings?.stale, false);
  });

  it('keeps an answer stale when a change was announced while it loaded, and loads it again on the next read', async () => {
    const store = createAppStore(testDeps());
    let release: (value: LibraryResponse) => void = () => undefined;
    let calls = 0;
    const def = libraryQuery(() => {
      calls++;
      return calls === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(library(['after/change']));
    });
    const first = store.getState().fetchQuery(def);
    store.getState().invalidateQueries('lib');
    release(library(['before/change']));
    await first;
    assert.equal(store.getState().queries.library?.stale, true, 'the answer may predate the change');
    await store.getState().fetchQuery(def);
    assert.equal(calls, 2, 'a new load, not the settled one');
    assert.deepEqual((store.getState().queries.library?.data as LibraryResponse).repos.map((repo) => repo.id), ['after/change']);
    assert.equal(store.getState().queries.library?.stale, false);
  });

  it('drops the answer of a load that a forced one replaced', async () => {
    const store = createAppStore(testDeps());
    let releaseOld: (value: LibraryResponse) => void = () => undefined;
    const old = store.getState().fetchQuery(libraryQuery(() => new Promise((resolve) => (releaseOld = resolve))));
    await store.getState().fetchQuery(libraryQuery(() => Promise.resolve(library(['new/one']))), { force: true });
    releaseOld(library(['old/one']));
    await old;
    assert.deepEqual((store.getState().queries.library?.data as LibraryResponse).repos.map((repo) => repo.id), ['new/one']);
  });

  it('signs the user out when the core refuses the session', async () => {
    const store = createAppStore(testDeps({ getSession: () => Promise.resolve({ user: 'alice', via: 'link', role: 'owner', canWrite: true }) }));
    await store.getState().checkSession();
    assert.equal(store.getState().session.phase, 'signed-in');
    await store.getState().fetchQuery(libraryQuery(() => Promise.reject(new AppError('Unauthorized', 'Sign in'))));
    assert.equal(store.getState().session.phase, 'signed-out');
  });
});

describe('session slice', () => {
  it('treats 401 as signed out and other failures as a message', async () => {
    const refused = createAppStore(testDeps({ getSession: () => Promise.reject(new AppError('Unauthorized', 'no')) }));
    await refused.getState().checkSession();
    assert.deepEqual(refused.getState().session, { phase: 'signed-out', message: undefined });
    const down = createAppStore(testDeps({ getSession: () => Promise.reject(new TypeError('Failed to fetch')) }));
    await down.getState().checkSession();
    const view = down.getState().session;
    assert.match(view.phase === 'signed-out' ? (view.message ?? '') : '', /Cannot reach/);
  });

  it('reports a refused sign-in in the core’s words and clears cached data on success', async () => {
    const store = createAppStore(
      testDeps({
        signIn: (request) =>
          'code' in request
            ? Promise.reject(new AppError('Unauthorized', 'This sign-in link has been used'))
            : Promise.resolve({ user: 'bob', via: 'token', role: 'user', canWrite: false }),
      }),
    );
    assert.equal(await store.getState().signIn({ code: 'x' }), 'This sign-in link has been used');
    await store.getState().fetchQuery(libraryQuery(() => Promise.resolve(library([]))));
    assert.equal(await store.getState().signIn({ token: 'hf_x' }), undefined);
    assert.deepEqual(store.getState().session, { phase: 'signed-in', session: { user: 'bob', via: 'token', role: 'user', canWrite: false } });
    assert.deepEqual(store.getState().queries, {});
  });
});

describe('navigation slice', () => {
  it('writes routes to the hash and reads them back', () => {
    const deps = testDeps({}, '#/downloads');
    const store = createAppStore(deps);
    store.getState().syncRoute();
    assert.deepEqual(store.getState().route, { screen: 'downloads' });
    store.getState().navigate({ screen: 'repo', source: 'hub', type: 'model', id: 'a/b', revision: 'dev', tab: 'card' });
    assert.equal(deps.hashes.at(-1), '#/repo/hub/model/a/b?rev=dev&tab=card');
    store.getState().navigate({ screen: 'library' }, { replace: true });
    assert.deepEqual(deps.hashes, ['#/downloads', '#/library']);
  });
});

describe('downloads slice', () => {
  it('applies live events, and refreshes the library when a download completes', async () => {
    const store = createAppStore(testDeps({ getDownloads: () => Promise.resolve({ jobs: [job('1', 'running', 1)] }) }));
    await store.getState().loadDownloads();
    await store.getState().fetchQuery(libraryQuery(() => Promise.resolve(library([]))));
    store.getState().applyEvent({ type: 'download', job: { ...job('1', 'running', 1), doneBytes: 5 } });
    assert.equal(store.getState().downloads.jobs['1']?.doneBytes, 5);
    assert.equal(store.getState().queries.library?.stale, false);
    store.getState().applyEvent({ type: 'download', job: job('1', 'done', 1, 9) });
    assert.equal(store.getState().queries.library?.stale, true);
    store.getState().applyEvent({ type: 'download-removed', id: '1' });
    assert.deepEqual(store.getState().downloads.jobs, {});
  });

  it('reports a refused action in plain words and keeps the queue', async () => {
    const store = createAppStore(testDeps({ actOnDownload: () => Promise.reject(new AppError('Conflict', 'This download is already done')) }));
    assert.equal(await store.getState().actOnDownload('1', 'pause'), 'This download is already done');
  });

  it('orders active jobs first (oldest first), then history (newest first)', () => {
    const jobs = { a: job('a', 'done', 1, 50), b: job('b', 'running', 5), c: job('c', 'queued', 7), d: job('d', 'failed', 2, 80), e: job('e', 'paused', 3) };
    assert.deepEqual(orderJobs(jobs).map((item) => item.id), ['e', 'b', 'c', 'd', 'a']);
  });
});

describe('library, remote, repo view and theme slices', () => {
  it('flips the sort direction on the same key and resets filters', () => {
    const store = createAppStore(testDeps());
    store.getState().sortLibraryBy('size');
    assert.deepEqual(store.getState().librarySort, { key: 'size', direction: 'desc' });
    store.getState().sortLibraryBy('size');
    assert.deepEqual(store.getState().librarySort, { key: 'size', direction: 'asc' });
    store.getState().sortLibraryBy('name');
    assert.deepEqual(store.getState().librarySort, { key: 'name', direction: 'asc' });
    store.getState().setLibraryFilters({ search: 'bert', type: 'dataset' });
    store.getState().resetLibraryFilters();
    assert.equal(store.getState().libraryFilters.search, '');
  });

  it('forgets the remote selection when the hub or type changes', () => {
    const store = createAppStore(testDeps());
    store.getState().setRemote({ hubId: 'hf', draft: ' bert ' });
    store.getState().searchRemote();
    store.getState().openRemoteRepo('google/bert');
    store.getState().toggleTicked('config.json');
    assert.equal(store.getState().remote.query, 'bert');
    assert.deepEqual(store.getState().remote.ticked, { 'config.json': true });
    store.getState().toggleTicked('config.json');
    assert.deepEqual(store.getState().remote.ticked, {});
    store.getState().setRemote({ type: 'dataset' });
    assert.equal(store.getState().remote.repo, undefined);
    assert.equal(store.getState().remote.query, undefined);
  });

  it('opens the folders above a selected file and starts afresh for another repo', () => {
    const store = createAppStore(testDeps());
    store.getState().openRepoView('hub:model:a/b@main');
    store.getState().selectPath('x/y/z.bin');
    assert.deepEqual(store.getState().repoView.expanded, { x: true, 'x/y': true });
    store.getState().setFolderExpanded('x', false);
    assert.deepEqual(store.getState().repoView.expanded, { 'x/y': true });
    store.getState().openRepoView('hub:model:a/b@main');
    assert.equal(store.getState().repoView.selectedPath, 'x/y/z.bin');
    store.getState().openRepoView('hub:model:a/c@main');
    assert.equal(store.getState().repoView.selectedPath, undefined);
  });

  it('remembers the theme', () => {
    const deps = testDeps();
    createAppStore(deps).getState().setTheme('dark');
    assert.equal(createAppStore(deps).getState().theme, 'dark');
  });
});

describe('tracking slice', () => {
  it("keeps each tracked repo's live refresh, and reloads the tracking screens (not the library) when one ends", async () => {
    const store = createAppStore(testDeps());
    await store.getState().fetchQuery({ key: 'tracking:repos', load: () => Promise.resolve({ repos: [] }) });
    await store.getState().fetchQuery(libraryQuery(() => Promise.resolve(library([]))));
    store.getState().applyEvent({ type: 'tracking-refresh', refresh: { trackedId: 3, state: 'running', filesListed: 1200, error: null } });
    assert.equal(store.getState().trackingRefreshes[3]?.filesListed, 1200);
    assert.equal(store.getState().queries['tracking:repos']?.stale, false, 'nothing changed yet');
    store.getState().applyEvent({ type: 'tracking-refresh', refresh: { trackedId: 3, state: 'failed', filesListed: 1200, error: 'the hub is down' } });
    assert.deepEqual(store.getState().trackingRefreshes[3], { trackedId: 3, state: 'failed', filesListed: 1200, error: 'the hub is down' });
    assert.equal(store.getState().queries['tracking:repos']?.stale, true);
    assert.equal(store.getState().queries.library?.stale, false);
  });
});
