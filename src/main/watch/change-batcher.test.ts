import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChangeBatcher } from './change-batcher.js';

describe('createChangeBatcher', () => {
  it('sends a burst as one batch once it goes quiet', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const batches: string[][] = [];
    const batcher = createChangeBatcher<string>({ quietMs: 200, maxWaitMs: 1000, flush: (batch) => batches.push([...batch]) });
    for (let i = 0; i < 1000; i++) batcher.add(i % 2 === 0 ? 'a' : 'b');
    t.mock.timers.tick(199);
    assert.deepEqual(batches, []);
    t.mock.timers.tick(1);
    assert.deepEqual(batches, [['a', 'b']]);
  });

  it('does not hold a steady stream of changes longer than the longest wait', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const batches: string[][] = [];
    const batcher = createChangeBatcher<string>({ quietMs: 200, maxWaitMs: 1000, flush: (batch) => batches.push([...batch]) });
    for (let ms = 0; ms < 1500; ms += 100) {
      batcher.add(`t${ms}`);
      t.mock.timers.tick(100);
    }
    assert.equal(batches.length, 1, 'one batch after the first second');
    assert.equal(batches[0]?.length, 10);
    t.mock.timers.tick(200);
    assert.equal(batches.length, 2);
  });

  it('drops what is pending when cancelled', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const batches: string[][] = [];
    const batcher = createChangeBatcher<string>({ quietMs: 200, maxWaitMs: 1000, flush: (batch) => batches.push([...batch]) });
    batcher.add('x');
    batcher.cancel();
    t.mock.timers.tick(5000);
    assert.deepEqual(batches, []);
  });
});
