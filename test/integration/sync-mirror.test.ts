import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SyncMirror, SyncStatusResponse } from '../../src/shared/app-api.js';
import { Catalog } from '../../src/main/catalog/index.js';
import { loadConfig } from '../../src/main/config.js';
import { DATABASE_FILE, openDatabase } from '../../src/main/db/index.js';
import { JobQueue } from '../../src/main/jobs/index.js';
import { createStore } from '../../src/main/store/index.js';
import { Mirrors, SYNC_MIRROR_JOB, SyncStatusReader, createMirrorScheduler, mirrorJob, openPuller, parsePullSpec } from '../../src/main/sync/index.js';
import { runCliFromSource } from '../helpers/cli-process.js';
import { lastInFirstOut, tempFolder } from '../helpers/download-fixtures.js';
import { commitFiles, fixtureAuthor, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const HOUR = 3_600_000;

/** A local hub on a data folder (no server: the test drives the scheduler's clock), with the mirror job on its own queue. */
async function localHub(t: Cleanup) {
  const dataDir = await tempFolder(t, 'hubkeeper-mirror-');
  const config = loadConfig({}, { dataDir, hubCache: join(dataDir, 'hf-hub-cache') });
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  const store = createStore({ db, dataDir });
  const opened = openPuller({ config, db, store });
  let now = Date.now();
  const clock = (): number => now;
  const mirrors = new Mirrors(db, clock);
  const jobs = new JobQueue({ db, now: clock });
  jobs.register(SYNC_MIRROR_JOB, mirrorJob(opened.puller, mirrors, clock));
  const scheduler = createMirrorScheduler({ mirrors, jobs, now: clock, pollMs: 24 * HOUR });
  t.after(async () => {
    scheduler.stop();
    await jobs.stop();
    await opened.close();
    db.close();
  });
  /** The mirror jobs the scheduler has enqueued so far. */
  const mirrorJobs = () => jobs.list().filter((job) => job.kind === SYNC_MIRROR_JOB);
  return { dataDir, db, store, opened, mirrors, jobs, scheduler, mirrorJobs, advance: (ms: number) => (now += ms) };
}

describe('mirror schedules', () => {
  it('fire on the scheduler\'s clock through the job queue, record what moved, and report a failing mirror', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    const { repo } = await seedRepo(remote.core.store, { files: { 'config.json': '{"v":1}' }, title: 'Add config' });
    const local = await localHub(t);

    const mirror = local.mirrors.set({ type: 'model', repo: 'alice/m1', endpoint: remote.url, everyMs: HOUR, history: true, allRefs: false });
    local.mirrors.set({ type: 'model', repo: 'alice/gone', endpoint: remote.url, everyMs: HOUR, history: false, allRefs: false });
    local.scheduler.start();
    assert.equal(local.mirrorJobs().length, 2, 'a new mirror is due at once');
    local.jobs.start();
    const jobOf = (mirrorId: number) => local.mirrorJobs().find((job) => (job.params as { mirrorId: number }).mirrorId === mirrorId)?.id ?? 0;
    const gone = local.mirrors.list().find((candidate) => candidate.repo === 'alice/gone') as SyncMirror;
    const [first, failing] = await Promise.all([local.jobs.waitFor(jobOf(mirror.id)), local.jobs.waitFor(jobOf(gone.id))]);
    assert.equal(first?.state, 'done', first?.error);
    assert.equal(failing?.state, 'failed');

    const afterFirst = local.mirrors.get(mirror.id) as SyncMirror;
    assert.equal(afterFirst.lastResult?.ok, true);
    assert.equal(afterFirst.lastResult?.updated, true);
    assert.match(afterFirst.lastResult?.message ?? '', /^updated: 1 commit, 2 files/);
    const localRepo = local.store.getRepo('model', 'alice', 'm1');
    assert.equal(local.store.getCommit(local.store.resolveRevision(localRepo.id, 'main'))?.treeOid, remote.core.store.getCommit(remote.core.store.resolveRevision(repo.id, 'main'))?.treeOid);
    const failed = local.mirrors.list().find((candidate) => candidate.repo === 'alice/gone');
    assert.equal(failed?.lastResult?.ok, false);
    assert.match(failed?.lastResult?.message ?? '', /alice\/gone was not found/);

    local.scheduler.check();
    assert.equal(local.mirrorJobs().length, 2, 'not due again before its period');

    await commitFiles(remote.core.store, repo.id, { 'README.md': '# m1\n' }, { title: 'Add a README' });
    local.advance(HOUR);
    local.scheduler.check();
    const due = local.mirrorJobs().filter((job) => job.state === 'queued' || job.state === 'running');
    assert.equal(due.length, 2, 'an hour later both are due again');
    await Promise.all(due.map((job) => local.jobs.waitFor(job.id)));
    const second = local.mirrors.get(mirror.id) as SyncMirror;
    assert.match(second.lastResult?.message ?? '', /^updated: 1 commit, 1 file \(5 B\) fetched$/);
    assert.equal(second.nextRunAt, (second.lastRunAt ?? 0) + HOUR);
  });
});

describe('hubkeeper mirror and sync status from the command line', () => {
  it('adds, lists and removes a mirror; sync status counts local commits ahead and remote commits behind', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    const { repo } = await seedRepo(remote.core.store, { files: { 'config.json': '{"v":1}' }, title: 'Add config' });
    const data = await tempFolder(t, 'hubkeeper-status-');
    const cli = (...args: string[]) => runCliFromSource([...args, '--data', data], { HF_HOME: join(data, 'hf') });

    const added = await cli('mirror', 'alice/m1', '--from', remote.url, '--every', '6h', '--history');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^Mirroring alice\/m1 from http:\/\/127\.0\.0\.1:\d+ every 6h \(--history\)/);
    const listed = await cli('mirror', 'ls');
    assert.match(listed.stdout, /alice\/m1 \(--history\)\s+http:\/\/127\.0\.0\.1:\d+\s+6h\s+due\s+not run yet/);
    const bad = await cli('mirror', 'alice/m1', '--from', remote.url, '--every', 'sometimes');
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.trim(), 'hubkeeper: --every must be a period such as 30m, 6h, 24h or 2d, or never (got "sometimes")');

    const pulled = await cli('pull', 'alice/m1', '--from', remote.url, '--history');
    assert.equal(pulled.code, 0, pulled.stderr);
    for (const n of [1, 2, 3]) await commitFiles(remote.core.store, repo.id, { [`remote-${n}.txt`]: `${n}` }, { title: `Remote ${n}` });
    const db = openDatabase(join(data, DATABASE_FILE));
    try {
      const store = createStore({ db, dataDir: data });
      const localRepo = store.getRepo('model', 'alice', 'm1');
      for (const n of [1, 2]) {
        await store.commit({ repoId: localRepo.id, branch: 'main', title: `Local ${n}`, author: fixtureAuthor, operations: [{ type: 'add', path: `local-${n}.txt`, content: { data: Buffer.from(`${n}`) } }] });
      }
    } finally {
      db.close();
    }

    const status = await cli('sync', 'status', 'alice/m1', '--json');
    assert.equal(status.code, 0, status.stderr);
    const report = JSON.parse(status.stdout) as SyncStatusResponse;
    assert.equal(report.links.length, 1, 'the pull and the mirror are one link');
    const [link] = report.links;
    assert.equal(link?.ahead, 2);
    assert.equal(link?.behind, 3);
    assert.equal(link?.behindAtLeast, false);
    assert.equal(link?.remoteHead, remote.core.store.resolveRevision(repo.id, 'main'));
    assert.equal(link?.mirror?.everyMs, 6 * HOUR);
    const text = await cli('sync', 'status', 'alice/m1');
    assert.match(text.stdout, /main\s+main\s+2\s+3\s+pull .*mirrored every 6h/);

    const removed = await cli('mirror', 'rm', 'alice/m1');
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /^Stopped mirroring alice\/m1 from .*; what was pulled stays/);
    assert.match((await cli('mirror', 'ls')).stdout, /^No mirrors/);
    const again = await cli('mirror', 'rm', 'alice/m1');
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), 'hubkeeper: No mirror of alice/m1');
  });

  it('status reads nothing but the local hub for a repo never synced, and says a remote it cannot reach', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    await seedRepo(remote.core.store, { files: { 'a.txt': 'a' } });
    const local = await localHub(t);
    const reader = new SyncStatusReader({ store: local.store, db: local.db, mirrors: local.mirrors, client: local.opened.client, tokens: () => undefined });
    await assert.rejects(reader.status('model', 'alice/m1'), /No model repo alice\/m1 in the local hub/);
    local.mirrors.set({ type: 'model', repo: 'alice/m1', endpoint: remote.url, everyMs: null, history: false, allRefs: false });
    const linked = await reader.status('model', 'alice/m1');
    assert.equal(linked.links[0]?.lastSync, null);
    assert.equal(linked.links[0]?.remoteHead, remote.core.store.resolveRevision(remote.core.store.getRepo('model', 'alice', 'm1').id, 'main'));
    await remote.stop();
    const down = await reader.status('model', 'alice/m1');
    assert.equal(down.links[0]?.behind, null);
    assert.ok(down.links[0]?.error, 'the link says why the remote was not asked');
  });

  it('says "update available" where structure tracking has seen a newer remote commit than the last pull', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    const { repo } = await seedRepo(remote.core.store, { files: { 'a.txt': 'a' } });
    const local = await localHub(t);
    const spec = parsePullSpec({ repo: 'alice/m1', endpoint: remote.url });
    await local.opened.puller.pull(spec);
    const catalog = new Catalog({ db: local.db, client: local.opened.client, tokens: () => undefined });
    const reader = new SyncStatusReader({ store: local.store, db: local.db, mirrors: local.mirrors, client: local.opened.client, tokens: () => undefined, catalog });
    const tracked = catalog.track({ endpoint: remote.url, repoType: 'model', repo: 'alice/m1', revision: 'main', everyMs: null });
    await catalog.refresh({ repo: tracked.repo, endpoint: tracked.endpoint });
    assert.equal((await reader.status('model', 'alice/m1')).links[0]?.updateAvailable, null, 'tracking saw the commit that was pulled');

    const moved = await commitFiles(remote.core.store, repo.id, { 'b.txt': 'b' }, { title: 'Add b' });
    await catalog.refresh({ repo: tracked.repo, endpoint: tracked.endpoint });
    const status = await reader.status('model', 'alice/m1');
    assert.equal(status.links[0]?.updateAvailable?.commit, moved);
    assert.equal(status.links[0]?.behind, 1);

    await local.opened.puller.pull(spec);
    assert.equal((await reader.status('model', 'alice/m1')).links[0]?.updateAvailable, null, 'pulled: no update left');
  });
});
