import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateProgress, pausableTransfers, progressBarValue, progressLabel, RunningJobs, type JobProgressView } from './job-progress.js';

const job = (kind: string, state: string, bytesDone: number, bytesTotal: number | undefined): JobProgressView => ({ kind, state, bytesDone, bytesTotal });

describe('aggregateProgress', () => {
  it('adds up the running transfers by bytes, leaving out queued, finished and non-transfer jobs', () => {
    const progress = aggregateProgress([
      job('download', 'running', 25, 100),
      job('sync-pull', 'running', 75, 100),
      job('download', 'queued', 0, 1000),
      job('download', 'done', 1000, 1000),
      job('catalog-refresh', 'running', 0, 10),
    ]);
    assert.deepEqual(progress, { running: 2, fraction: 0.5 });
    assert.equal(progressBarValue(progress), 0.5);
    assert.equal(progressLabel(progress), '2 transfers running, 50%');
  });

  it('is indeterminate while no size is known, and gone when nothing runs', () => {
    const unknown = aggregateProgress([job('download', 'running', 10, undefined)]);
    assert.deepEqual(unknown, { running: 1, fraction: undefined });
    assert.equal(progressBarValue(unknown), 2);
    assert.equal(progressLabel(unknown), '1 transfer running');
    const none = aggregateProgress([job('download', 'paused', 10, 100)]);
    assert.equal(progressBarValue(none), -1);
    assert.equal(progressLabel(none), undefined);
  });

  it('never shows more than full when a job reports more bytes than its total', () => {
    assert.equal(aggregateProgress([job('download', 'running', 150, 100)]).fraction, 1);
  });
});

describe('RunningJobs and pausableTransfers', () => {
  it('follows state and progress events to the aggregate', () => {
    const running = new RunningJobs();
    running.onState({ id: 1, ...job('download', 'running', 0, 200) });
    running.onState({ id: 2, ...job('download', 'running', 0, 200) });
    running.onProgress({ jobId: 1, bytesDone: 100, bytesTotal: 200 });
    running.onProgress({ jobId: 9, bytesDone: 5, bytesTotal: 10 });
    assert.deepEqual(running.aggregate(), { running: 2, fraction: 0.25 });
    running.onState({ id: 2, ...job('download', 'done', 200, 200) });
    assert.deepEqual(running.aggregate(), { running: 1, fraction: 0.5 });
  });

  it('pauses running and queued transfers only', () => {
    const ids = pausableTransfers([
      { id: 1, ...job('download', 'running', 0, 1) },
      { id: 2, ...job('sync-pull', 'queued', 0, 1) },
      { id: 3, ...job('download', 'paused', 0, 1) },
      { id: 4, ...job('catalog-refresh', 'running', 0, 1) },
      { id: 5, ...job('download', 'done', 1, 1) },
    ]);
    assert.deepEqual(ids, [1, 2]);
  });
});
