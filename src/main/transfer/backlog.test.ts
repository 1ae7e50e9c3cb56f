import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backlog } from './backlog.js';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

test('a full backlog makes the next add wait until some work finishes', async () => {
  const backlog = new Backlog(2);
  const first = deferred();
  await backlog.add(first.promise);
  let added = false;
  const adding = backlog.add(deferred().promise).then(() => (added = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(added, false, 'two unfinished: the second add waits');
  first.resolve();
  await adding;
  assert.equal(added, true);
});

test('the first failure of background work is thrown by the next add and by drain', async () => {
  const backlog = new Backlog(8);
  const failing = deferred();
  await backlog.add(failing.promise);
  failing.reject(new Error('disk full'));
  await backlog.settle();
  await assert.rejects(backlog.add(Promise.resolve()), /disk full/);
  await assert.rejects(backlog.drain(), /disk full/);
});
