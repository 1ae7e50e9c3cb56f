import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { openDatabase } from '../db/index.js';
import { JobQueue } from '../jobs/index.js';
import { UpstreamClient } from '../upstream/index.js';
import { Catalog } from './catalog.js';
import { refreshJob, CATALOG_REFRESH_JOB, type RefreshJobParams } from './refresh-job.js';
import { RefreshScheduler } from './refresh-scheduler.js';

const HOUR = 3_600_000;

/** A catalog and a job queue on a real database; the queue is not started, so enqueued refreshes stay queued. */
function setup() {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  let now = 1_000_000;
  const clock = (): number => now;
  const catalog = new Catalog({ db, client: new UpstreamClient(), tokens: () => undefined, now: clock });
  const jobs = new JobQueue({ db, now: clock });
  jobs.register(CATALOG_REFRESH_JOB, refreshJob(catalog));
  const scheduler = new RefreshScheduler({ catalog, jobs, now: clock, pollMs: HOUR });
  const track = (repo: string, everyMs: number | null) => catalog.track({ endpoint: 'https://hub.example', repoType: 'model', repo, revision: 'main', everyMs });
  const queued = () => jobs.list().filter((job) => job.state === 'queued').map((job) => (job.params as RefreshJobParams).name.split('@')[0]);
  return { db, jobs, scheduler, track, queued, advance: (ms: number) => (now += ms) };
}

test('due repos are enqueued most overdue first, at most 4 at once, never twice, and "never" only on demand', () => {
  const { db, jobs, scheduler, track, queued, advance } = setup();
  for (const name of ['a/1', 'a/2', 'a/3', 'a/4', 'a/5']) {
    track(name, HOUR);
    advance(1);
  }
  track('a/manual', null);
  scheduler.start();
  assert.deepEqual(queued(), ['a/1', 'a/2', 'a/3', 'a/4']);
  scheduler.check();
  assert.deepEqual(queued(), ['a/1', 'a/2', 'a/3', 'a/4'], 'a repo with a refresh queued gets no second one, and the limit holds');
  scheduler.stop();
  assert.equal(jobs.list().length, 4);
  db.close();
});

test('a cancelled refresh is not enqueued again before its period, and a fifth repo gets the freed slot', async () => {
  const { db, jobs, scheduler, track, queued, advance } = setup();
  for (const name of ['a/1', 'a/2', 'a/3', 'a/4', 'a/5']) track(name, HOUR);
  scheduler.start();
  const first = jobs.list()[0];
  assert.ok(first);
  await jobs.cancel(first.id);
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.deepEqual(queued(), ['a/2', 'a/3', 'a/4', 'a/5']);
  advance(HOUR);
  await jobs.cancel(jobs.list()[1]?.id ?? 0);
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.deepEqual(queued(), ['a/3', 'a/4', 'a/5', 'a/1'], 'an hour later the cancelled repo is due again');
  scheduler.stop();
  db.close();
});
