import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { DownloadJob } from '../../shared/app-api.js';
import { openDatabase } from '../db/index.js';
import { DOWNLOAD_JOB, parseDownloadRequest } from '../download/index.js';
import { JobQueue, type JobContext, type JobKind } from '../jobs/index.js';
import { createDownloadQueue } from './download-queue.js';
import { HubRegistry } from '../credentials/index.js';

interface FakeParams {
  readonly repoId: string;
  readonly repoType: 'model';
  readonly revision?: string;
  readonly files?: string[];
  readonly endpoint?: string;
}

/** A download job kind that moves 100 bytes in ten steps, or fails with the engine's wording. */
function fakeDownload(failWith?: string): JobKind<FakeParams, null> {
  return {
    parse: (params) => params as FakeParams,
    title: (params) => params.repoId,
    run: async (_params, context: JobContext) => {
      for (let done = 0; done <= 100; done += 10) {
        context.report({
          bytesDone: done,
          bytesTotal: 100,
          detail: { filesDone: done === 100 ? 2 : 0, filesTotal: 2 },
          files: [{ path: 'a.bin', done, total: 100 }],
        });
        await sleep(60, undefined, { signal: context.signal });
      }
      if (failWith !== undefined) throw new Error(failWith);
      return null;
    },
  };
}

function setUp(t: { after(fn: () => unknown): void }, failWith?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hubkeeper-queue-'));
  const db = openDatabase(join(dir, 'db.sqlite'));
  const jobs = new JobQueue({ db, concurrency: 1 });
  jobs.register(DOWNLOAD_JOB, fakeDownload(failWith));
  jobs.start();
  t.after(async () => {
    await jobs.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const hubs = new HubRegistry(dir, [{ id: 'hf', name: 'Hugging Face', endpoint: 'https://huggingface.co', token: undefined }]);
  const queue = createDownloadQueue({ jobs, hubs, defaultEndpoint: 'https://huggingface.co' });
  const seen: DownloadJob[] = [];
  const unsubscribe = queue.subscribe((job) => seen.push(job));
  t.after(unsubscribe);
  return { jobs, queue, seen };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10);
  assert.ok(check(), 'condition never held');
}

const order = parseDownloadRequest({ endpoint: 'http://127.0.0.1:7870', repoType: 'model', repoId: 'alice/tiny', revision: 'main', files: ['a.bin', 'b.bin'] });

describe('download queue (app API view of the job queue)', () => {
  it('shows a download from start to done with live progress, speed, file counts and per-file bytes', async (t) => {
    const { queue, seen } = setUp(t);
    const started = await queue.start(order, 'This hub');
    assert.equal(started.source, 'This hub');
    assert.equal(started.repo, 'alice/tiny');
    assert.equal(started.filesTotal, 2);
    await until(() => seen.some((job) => job.state === 'done'));
    const running = seen.filter((job) => job.state === 'running' && job.doneBytes > 0);
    assert.ok(running.length > 0, 'progress arrives while running');
    assert.equal(running.at(-1)?.totalBytes, 100);
    assert.deepEqual(running.at(-1)?.files[0]?.path, 'a.bin');
    assert.equal(running.at(-1)?.files[0]?.size, 100);
    assert.equal(running.at(-1)?.files[0]?.doneBytes, running.at(-1)?.doneBytes);
    const done = seen.find((job) => job.state === 'done');
    assert.equal(done?.doneBytes, 100);
    assert.equal(done?.eta, null);
    const [listed] = await queue.list();
    assert.equal(listed?.state, 'done');
    assert.notEqual(listed?.finishedAt, null);
  });

  it('pauses, resumes, cancels and retries', async (t) => {
    const { queue, seen } = setUp(t);
    const job = await queue.start(order, 'This hub');
    await until(() => seen.some((item) => item.state === 'running'));
    assert.equal((await queue.act(job.id, 'pause')).state, 'paused');
    assert.match((await queue.act(job.id, 'resume')).state, /^(queued|running)$/);
    await until(() => seen.at(-1)?.state === 'running');
    assert.equal((await queue.act(job.id, 'cancel')).state, 'cancelled');
    const again = await queue.act(job.id, 'retry');
    assert.notEqual(again.id, job.id, 'a cancelled download starts over as a new one');
    assert.equal(again.source, 'This hub');
    await until(() => seen.some((item) => item.id === again.id && item.state === 'done'));
    await assert.rejects(queue.act('999', 'pause'), { code: 'NotFound' });
  });

  it('explains failures by their cause', async (t) => {
    const { queue, seen } = setUp(t, 'Not enough disk space for a.bin: 2 GB needed, 1 GB free in /cache');
    await queue.start(order, 'This hub');
    await until(() => seen.some((job) => job.state === 'failed'));
    assert.equal(seen.find((job) => job.state === 'failed')?.error?.code, 'InsufficientStorage');
  });
});
