import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { openDatabase, type Db } from '../db/index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import type { JobProgressEvent } from './job-events.js';
import { JobQueue, type JobContext, type JobKind } from './job-queue.js';

interface Step {
  readonly name: string;
  readonly ms: number;
  readonly fail?: boolean;
}

/** A job that reports progress every few ms and stops when aborted, recording how far it got. */
function sleeper(log: string[]): JobKind<Step, { name: string }> {
  return {
    parse: (params) => params as Step,
    title: (params) => params.name,
    run: async (params, context: JobContext) => {
      log.push(`start ${params.name}`);
      const total = 1000;
      for (let done = 0; done <= total; done += 100) {
        context.report({ bytesDone: done, bytesTotal: total });
        await sleep(params.ms / 10, undefined, { signal: context.signal });
      }
      if (params.fail) throw new Error(`${params.name} broke`);
      log.push(`end ${params.name}`);
      return { name: params.name };
    },
  };
}

function queue(db: Db, log: string[], concurrency = 1): JobQueue {
  const q = new JobQueue({ db, concurrency });
  q.register('sleep', sleeper(log));
  return q;
}

function database(): Db {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  return db;
}

test('jobs run in order under the concurrency limit and end done or failed', async () => {
  const db = database();
  const log: string[] = [];
  const q = queue(db, log, 2);
  q.start();
  const a = q.enqueue('sleep', { name: 'a', ms: 60 });
  const b = q.enqueue('sleep', { name: 'b', ms: 60, fail: true });
  const c = q.enqueue('sleep', { name: 'c', ms: 20 });
  assert.equal(q.get(c.id)?.state, 'queued', 'the third waits for a free slot');
  const [doneA, failedB, doneC] = await Promise.all([q.waitFor(a.id), q.waitFor(b.id), q.waitFor(c.id)]);
  assert.equal(doneA.state, 'done');
  assert.deepEqual(doneA.result, { name: 'a' });
  assert.equal(failedB.state, 'failed');
  assert.equal(failedB.error, 'b broke');
  assert.equal(doneC.state, 'done');
  assert.deepEqual(log.slice(0, 2).sort(), ['start a', 'start b']);
  await q.stop();
  db.close();
});

test('pause stops a running job, resume queues it again, cancel ends it', async () => {
  const db = database();
  const log: string[] = [];
  const q = queue(db, log);
  q.start();
  const job = q.enqueue('sleep', { name: 'long', ms: 2000 });
  const waiting = q.enqueue('sleep', { name: 'next', ms: 10 });
  await new Promise<void>((resolve) => q.events.once('progress', () => resolve()));
  assert.equal((await q.pause(job.id)).state, 'paused');
  assert.equal((await q.waitFor(waiting.id)).state, 'done', 'a paused job frees its slot');
  assert.ok(['queued', 'running'].includes(q.resume(job.id).state));
  await new Promise<void>((resolve) => q.events.once('progress', () => resolve()));
  assert.equal((await q.cancel(job.id)).state, 'cancelled');
  assert.equal(log.filter((line) => line === 'start long').length, 2);
  assert.ok(!log.includes('end long'));
  await q.stop();
  db.close();
});

test('jobs left running by a stopped process are queued again and run on the next start', async () => {
  const file = join(tempDir(), 'hub.db');
  const log: string[] = [];
  const first = openDatabase(file);
  const q1 = queue(first, log);
  q1.start();
  const job = q1.enqueue('sleep', { name: 'survivor', ms: 2000 });
  await new Promise<void>((resolve) => q1.events.once('progress', () => resolve()));
  await q1.stop();
  assert.equal(q1.get(job.id)?.state, 'queued');
  first.close();

  const second = openDatabase(file);
  const q2 = queue(second, log);
  const states: string[] = [];
  q2.events.on('state', ({ job: info }) => states.push(info.state));
  q2.start();
  await sleep(50);
  assert.equal(q2.get(job.id)?.state, 'running');
  assert.equal((await q2.cancel(job.id)).state, 'cancelled');
  assert.deepEqual(states, ['running', 'cancelled']);
  await q2.stop();
  second.close();
});

test('progress events are throttled and carry speed and ETA', async () => {
  const db = database();
  const q = new JobQueue({ db });
  q.register('burst', {
    parse: (params) => params,
    title: () => 'burst',
    run: async (_params, context) => {
      for (let i = 1; i <= 300; i++) {
        context.report({ bytesDone: i * 1000, bytesTotal: 300_000 });
        await sleep(2);
      }
    },
  });
  const events: JobProgressEvent[] = [];
  q.events.on('progress', (event) => events.push(event));
  q.start();
  const job = q.enqueue('burst', {});
  await q.waitFor(job.id);
  assert.ok(events.length >= 2 && events.length < 20, `${events.length} events for 300 reports`);
  const last = events.at(-1);
  assert.ok(last && last.speed > 0 && last.etaSeconds !== undefined);
  await q.stop();
  db.close();
});
