import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DownloadEngine } from '../../src/main/download/index.js';
import { DATABASE_FILE } from '../../src/main/core.js';
import { createDownloadsTable, openDatabase } from '../../src/main/db/index.js';
import { DOWNLOAD_JOB, downloadJob } from '../../src/main/download/index.js';
import { JobQueue, type JobProgressEvent } from '../../src/main/jobs/index.js';
import { lastInFirstOut, randomContent, tempFolder } from '../helpers/download-fixtures.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const MiB = 1024 * 1024;

interface Downloader {
  readonly jobs: JobQueue;
  stop(): Promise<void>;
}

/** What the core wires up for downloads (engine + queue on the hub database), on a data dir of its own. */
async function clientCore(t: Cleanup, dataDir: string): Promise<Downloader> {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  const engine = new DownloadEngine({ cacheDir: join(dataDir, 'default-cache'), store: createDownloadsTable(db) });
  const jobs = new JobQueue({ db });
  jobs.register(DOWNLOAD_JOB, downloadJob(engine));
  jobs.start();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await jobs.stop();
      await engine.close();
      db.close();
    })());
  t.after(stop);
  return Promise.resolve({ jobs, stop });
}

function progressReaching(core: Downloader, jobId: number, bytes: number): Promise<JobProgressEvent> {
  return new Promise((resolve) => {
    const listener = (event: JobProgressEvent): void => {
      if (event.jobId !== jobId || event.bytesDone < bytes) return;
      core.jobs.events.off('progress', listener);
      resolve(event);
    };
    core.jobs.events.on('progress', listener);
  });
}

async function seeded(t: Cleanup, size: number, rate?: number) {
  const server = await startServer(t);
  const content = randomContent(size);
  await seedRepo(server.core.store, { files: { 'model.bin': content, 'config.json': '{}' }, lfs: ['model.bin'] });
  const proxy = await startFaultProxy(server.url, rate === undefined ? {} : { bytesPerSecondPerConnection: rate });
  t.after(() => proxy.close());
  return { server, proxy, content };
}

describe('download jobs', () => {
  it('runs a snapshot download as a job with progress, speed and ETA, and records the result', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, content } = await seeded(t, 6 * MiB, 8 * MiB);
    const core = await clientCore(t, await tempFolder(t));
    const cacheDir = await tempFolder(t);
    const events: JobProgressEvent[] = [];
    core.jobs.events.on('progress', (event) => events.push(event));
    const job = core.jobs.enqueue(DOWNLOAD_JOB, { repoId: 'alice/m1', endpoint: proxy.url, cacheDir });
    const done = await core.jobs.waitFor(job.id);
    assert.equal(done.state, 'done', done.error);
    const result = done.result as { path: string; files: string[] };
    assert.ok((await readFile(join(result.path, 'model.bin'))).equals(content));
    assert.ok(events.length > 0);
    assert.ok((events.at(-1)?.bytesTotal ?? 0) > content.length);
    assert.ok(events.some((event) => event.speed > 0 && event.etaSeconds !== undefined));
    assert.equal(events.at(-1)?.detail?.filesTotal, 3, '.gitattributes, config.json, model.bin');
    const modelBin = events.flatMap((event) => event.files ?? []).filter((file) => file.path === 'model.bin');
    assert.ok(modelBin.some((file) => file.done > 0 && file.done < file.total), 'the large file reports its own progress');
    assert.ok(modelBin.every((file) => file.total === content.length && file.done <= file.total));
  });

  it('pauses a running download keeping its bytes, and resumes where it stopped', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, content } = await seeded(t, 16 * MiB, 2 * MiB);
    const core = await clientCore(t, await tempFolder(t));
    const cacheDir = await tempFolder(t);
    const job = core.jobs.enqueue(DOWNLOAD_JOB, { repoId: 'alice/m1', files: ['model.bin'], endpoint: proxy.url, cacheDir });
    await progressReaching(core, job.id, 5 * MiB);
    assert.equal((await core.jobs.pause(job.id)).state, 'paused');
    const servedAtPause = proxy.bytesServed();
    assert.equal(core.jobs.resume(job.id).id, job.id);
    const done = await core.jobs.waitFor(job.id);
    assert.equal(done.state, 'done', done.error);
    assert.ok(servedAtPause < content.length);
    assert.ok(proxy.bytesServed() < content.length * 1.15, `served ${proxy.bytesServed()} for ${content.length}`);
  });

  it('a download interrupted by a restart resumes when the app starts again', async (context) => {
    const t = lastInFirstOut(context);
    const { proxy, content } = await seeded(t, 16 * MiB, 2 * MiB);
    const dataDir = await tempFolder(t);
    const cacheDir = await tempFolder(t);
    const first = await clientCore(t, dataDir);
    const job = first.jobs.enqueue(DOWNLOAD_JOB, { repoId: 'alice/m1', files: ['model.bin'], endpoint: proxy.url, cacheDir });
    await progressReaching(first, job.id, 5 * MiB);
    await first.stop();

    const second = await clientCore(t, dataDir);
    const done = await second.jobs.waitFor(job.id);
    assert.equal(done.state, 'done', done.error);
    const [path] = (done.result as { files: string[] }).files;
    assert.ok((await readFile(path as string)).equals(content));
    assert.ok(proxy.bytesServed() < content.length * 1.15, `served ${proxy.bytesServed()} for ${content.length}`);
  });
});
