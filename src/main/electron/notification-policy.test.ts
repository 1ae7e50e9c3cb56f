import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJobNotifier, isNotable, notificationFor, type JobNotification, type JobTransition } from './notification-policy.js';

const MINUTE = 60_000;
function job(id: number, kind: string, state: string, durationMs: number, extra: Partial<JobTransition> = {}): JobTransition {
  return { id, kind, state, title: `job ${id}`, error: undefined, startedAt: 1_000_000, finishedAt: 1_000_000 + durationMs, ...extra };
}

describe('isNotable', () => {
  it('notifies a long download, pull or push that finished or failed', () => {
    for (const kind of ['download', 'sync-pull', 'sync-push']) {
      assert.equal(isNotable(job(1, kind, 'done', MINUTE)), true, kind);
      assert.equal(isNotable(job(1, kind, 'failed', MINUTE)), true, kind);
    }
  });

  it('stays quiet for short jobs, other kinds, and every other transition', () => {
    assert.equal(isNotable(job(1, 'download', 'done', 5_000)), false, 'short');
    assert.equal(isNotable(job(1, 'catalog-refresh', 'done', 10 * MINUTE)), false, 'not a transfer');
    for (const state of ['queued', 'running', 'paused', 'cancelled']) assert.equal(isNotable(job(1, 'download', state, MINUTE)), false, state);
    assert.equal(isNotable(job(1, 'download', 'done', MINUTE, { startedAt: undefined })), false, 'never started');
  });
});

describe('notificationFor', () => {
  it('names one job, with the reason when it failed; a click opens the Downloads screen', () => {
    assert.deepEqual(notificationFor([job(1, 'download', 'done', MINUTE, { title: 'org/model (main)' })]), { title: 'Download finished', body: 'org/model (main)', hash: '#/downloads' });
    assert.deepEqual(notificationFor([job(2, 'sync-pull', 'failed', MINUTE, { title: 'org/set', error: 'disk full' })]), { title: 'Pull failed', body: 'org/set: disk full', hash: '#/downloads' });
  });

  it('sums up several jobs in one notification, failures first', () => {
    const many = notificationFor([job(1, 'download', 'done', MINUTE), job(2, 'download', 'failed', MINUTE), job(3, 'sync-pull', 'done', MINUTE)]);
    assert.deepEqual(many, { title: 'Some jobs failed', body: '1 job failed, 2 jobs finished: job 1, job 2, job 3', hash: '#/downloads' });
  });
});

describe('createJobNotifier', () => {
  it('coalesces jobs ending together into one notification and ignores short ones', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const shown: JobNotification[] = [];
    const notifier = createJobNotifier({ show: (notification) => shown.push(notification), coalesceMs: 1000 });
    notifier.onJobState(job(1, 'download', 'done', MINUTE));
    notifier.onJobState(job(2, 'download', 'done', 1000));
    t.mock.timers.tick(500);
    notifier.onJobState(job(3, 'download', 'done', MINUTE));
    assert.equal(shown.length, 0);
    t.mock.timers.tick(500);
    assert.deepEqual(shown.map((notification) => notification.title), ['Jobs finished']);
    assert.match(shown[0]?.body ?? '', /^2 jobs finished/);

    notifier.onJobState(job(4, 'download', 'failed', MINUTE));
    notifier.close();
    t.mock.timers.tick(5000);
    assert.equal(shown.length, 1, 'nothing after close');
  });
});
