import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppEvent, DownloadJob } from '../../shared/app-api.js';
import { EventThrottle } from './event-throttle.js';

function job(id: string, state: DownloadJob['state'], doneBytes: number): AppEvent {
  return {
    type: 'download',
    job: {
      id, state, source: 'hf', type: 'model', repo: 'a/b', revision: 'main', files: [], totalBytes: 100, doneBytes,
      filesDone: null, filesTotal: null, speed: 0, eta: null, error: null, createdAt: 0, finishedAt: null,
    },
  };
}

describe('EventThrottle', () => {
  it('sends only the newest progress of each download per tick', () => {
    const sent: AppEvent[] = [];
    const throttle = new EventThrottle((event) => sent.push(event));
    throttle.push(job('1', 'running', 10));
    throttle.push(job('1', 'running', 20));
    throttle.push(job('2', 'running', 5));
    assert.equal(sent.length, 0);
    throttle.flush();
    assert.deepEqual(sent.map((event) => (event.type === 'download' ? [event.job.id, event.job.doneBytes] : [])), [['1', 20], ['2', 5]]);
    throttle.flush();
    assert.equal(sent.length, 2);
  });

  it('sends state changes at once and drops progress they supersede', () => {
    const sent: AppEvent[] = [];
    const throttle = new EventThrottle((event) => sent.push(event));
    throttle.push(job('1', 'running', 10));
    throttle.push(job('1', 'done', 100));
    throttle.push({ type: 'library-changed' });
    throttle.flush();
    assert.deepEqual(sent.map((event) => event.type === 'download' ? event.job.state : event.type), ['done', 'library-changed']);
  });
});
