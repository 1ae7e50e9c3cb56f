import assert from 'node:assert/strict';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AppEvent, LibraryResponse } from '../../src/shared/app-api.js';
import { openEventStream } from '../helpers/event-stream-client.js';
import { fakeCommit, writePythonCacheRevision } from '../helpers/python-cache.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { appRequest, ownerSession } from '../helpers/ui-session.js';

const python = pythonWithHfHub();
const libraryChanged = (event: AppEvent): boolean => event.type === 'library-changed';

async function cachedRepos(server: TestServer, cookie: string): Promise<Map<string, LibraryResponse['repos'][number]>> {
  const res = await appRequest(server, cookie, 'GET', '/library');
  assert.equal(res.status, 200, res.text);
  return new Map((res.json() as LibraryResponse).repos.filter((repo) => repo.source === 'cache').map((repo) => [repo.id, repo]));
}

async function watchedServer(t: Parameters<typeof startServer>[0]): Promise<{ server: TestServer; cookie: string; cache: string }> {
  const server = await startServer(t);
  await server.core.cacheWatchReady();
  return { server, cookie: await ownerSession(server), cache: server.core.config.hf.hubCache };
}

// A watch that misses a change would leave a test waiting on its event: it fails after this instead.
describe('the HF cache is watched: changes made by other tools reach open UIs', { timeout: 30_000 }, () => {
  it('a Python hf_hub_download shows up in the Library within a second, without a reload', async (t) => {
    const { server, cookie, cache } = await watchedServer(t);
    await seedRepo(server.core.store, { files: { 'config.json': '{"v":1}', 'README.md': '# m1' } });
    const stream = await openEventStream(t, server.url, cookie);
    assert.equal((await cachedRepos(server, cookie)).size, 0);

    const env = { HF_ENDPOINT: server.url, HF_TOKEN: server.token, HF_HUB_DISABLE_XET: '1', HF_HUB_CACHE: cache, HF_HUB_DISABLE_PROGRESS_BARS: '1' };
    const from = stream.events.length;
    const finishedAt = Number(
      await runPythonJsonAsync(python, 'import time\nfrom huggingface_hub import hf_hub_download\nhf_hub_download("alice/m1", "config.json")\nprint(time.time() * 1000)', env),
    );
    // Updates may come while Python writes; the one that follows its last write lists the repo.
    await stream.next(libraryChanged, from);
    while (!(await cachedRepos(server, cookie)).has('alice/m1')) await stream.next(libraryChanged, stream.events.length);
    const updates = stream.events.flatMap((event, i) => (libraryChanged(event) ? [stream.receivedAt[i] ?? 0] : []));
    const lastUpdate = updates.at(-1) ?? 0;
    assert.ok(lastUpdate - finishedAt < 1000, `the event came ${lastUpdate - finishedAt} ms after Python finished`);
    const repo = (await cachedRepos(server, cookie)).get('alice/m1');
    assert.equal(repo?.files, 1);
    assert.deepEqual(repo?.refs, ['main']);
  });

  it('a revision deleted by hand disappears, and a burst of 1,000 files is one update', async (t) => {
    const { server, cookie, cache } = await watchedServer(t);
    const stream = await openEventStream(t, server.url, cookie);
    const old = fakeCommit('old');
    const files = Array.from({ length: 3 }, (_, i) => ({ path: `f${i}.txt`, content: `file ${i}` }));
    const { repoPath } = await writePythonCacheRevision(cache, { repoId: 'org/kept', commit: old, refs: ['main'], files });
    await stream.next(libraryChanged);
    assert.equal((await cachedRepos(server, cookie)).get('org/kept')?.revisions, 1);

    // A second snapshot of 1,000 files, written all at once as a snapshot download does.
    const seen = stream.events.length;
    const big = fakeCommit('big');
    const snapshot = join(repoPath, 'snapshots', big);
    await mkdir(snapshot, { recursive: true });
    const writeStarted = Date.now();
    await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        await writeFile(join(repoPath, 'blobs', `blob${i}`), `content ${i}`);
        await symlink(`../../blobs/blob${i}`, join(snapshot, `file${i}.bin`));
      }),
    );
    const writtenAt = Date.now();
    await stream.next(libraryChanged, seen);
    let kept = (await cachedRepos(server, cookie)).get('org/kept');
    while (kept?.files !== 1003) {
      // The burst outlasted the first update: the next one (still part of the burst) completes it.
      await stream.next(libraryChanged, stream.events.length);
      kept = (await cachedRepos(server, cookie)).get('org/kept');
    }
    const burstUpdates = stream.events.slice(seen).filter(libraryChanged).length;
    // One update per second of writing at most (the batcher's longest wait), one when it goes quiet, and the
    // news of the new revision's model facts: 3 when the burst takes under a second, as it does on an idle machine.
    const writeSeconds = Math.floor((writtenAt - writeStarted) / 1000);
    assert.ok(burstUpdates <= 3 + writeSeconds, `${burstUpdates} updates for one burst written in ${writtenAt - writeStarted} ms`);
    assert.ok(Date.now() - writtenAt < 1500);

    const before = stream.events.length;
    await rm(join(repoPath, 'snapshots', old), { recursive: true });
    await stream.next(libraryChanged, before);
    assert.equal((await cachedRepos(server, cookie)).get('org/kept')?.revisions, 1, 'the deleted revision is gone');
  });

  it('sees a file added to a sub-folder of a revision it already knew, and a new sub-folder', async (t) => {
    const { server, cookie, cache } = await watchedServer(t);
    const stream = await openEventStream(t, server.url, cookie);
    const { repoPath, snapshotPath } = await writePythonCacheRevision(cache, {
      repoId: 'org/nested',
      commit: fakeCommit('nested'),
      refs: ['main'],
      files: [{ path: 'data/train-0.txt', content: 'zero' }],
    });
    // Once an update has listed the revision, its folders are watched: the next changes come from there.
    await stream.next(libraryChanged);
    while ((await cachedRepos(server, cookie)).get('org/nested')?.files !== 1) await stream.next(libraryChanged, stream.events.length);

    for (const [i, path] of ['data/train-1.txt', 'data/more/train-2.txt'].entries()) {
      const from = stream.events.length;
      await mkdir(join(snapshotPath, path, '..'), { recursive: true });
      await writeFile(join(repoPath, 'blobs', `b${i}`), `more ${i}`);
      await symlink(join('..', ...path.split('/').map(() => '..'), 'blobs', `b${i}`), join(snapshotPath, path));
      await stream.next(libraryChanged, from);
      while ((await cachedRepos(server, cookie)).get('org/nested')?.files !== i + 2) await stream.next(libraryChanged, stream.events.length);
    }
  });

  it('keeps watching a cache folder that is deleted and created again', async (t) => {
    const { server, cookie, cache } = await watchedServer(t);
    const stream = await openEventStream(t, server.url, cookie);
    await writePythonCacheRevision(cache, { repoId: 'org/first', commit: fakeCommit('1'), refs: ['main'], files: [{ path: 'a.txt', content: 'a' }] });
    await stream.next(libraryChanged);
    assert.ok((await cachedRepos(server, cookie)).has('org/first'));

    let from = stream.events.length;
    await rm(cache, { recursive: true });
    await stream.next(libraryChanged, from);
    // Other news may come first (the model facts of org/first, read in the background): wait for the deletion's.
    while ((await cachedRepos(server, cookie)).size !== 0) await stream.next(libraryChanged, stream.events.length);

    from = stream.events.length;
    await writePythonCacheRevision(cache, { repoId: 'org/second', commit: fakeCommit('2'), refs: ['main'], files: [{ path: 'b.txt', content: 'b' }] });
    await stream.next(libraryChanged, from);
    let repos = await cachedRepos(server, cookie);
    while (!repos.has('org/second')) {
      await stream.next(libraryChanged, stream.events.length);
      repos = await cachedRepos(server, cookie);
    }
    assert.deepEqual([...repos.keys()], ['org/second']);
  });

  it('follows the cache when Settings moves it', async (t) => {
    const { server, cookie, cache } = await watchedServer(t);
    await mkdir(cache, { recursive: true });
    const stream = await openEventStream(t, server.url, cookie);
    const target = join(server.dataDir, 'moved-cache');
    const moved = await appRequest(server, cookie, 'POST', '/settings/cache-move', { path: target });
    assert.equal(moved.status, 200, moved.text);

    const from = stream.events.length;
    await writePythonCacheRevision(target, { repoId: 'org/after-move', commit: fakeCommit('m'), refs: ['main'], files: [{ path: 'c.txt', content: 'c' }] });
    await stream.next(libraryChanged, from);
    while (!(await cachedRepos(server, cookie)).has('org/after-move')) await stream.next(libraryChanged, stream.events.length);
  });
});
