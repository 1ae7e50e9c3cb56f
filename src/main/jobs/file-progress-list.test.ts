import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileProgressList, MAX_LISTED_FILES } from './file-progress-list.js';

describe('FileProgressList', () => {
  it('lists files in flight in start order, then finished ones, newest first', () => {
    const list = new FileProgressList();
    list.update('a.bin', 10, 100);
    list.update('b.bin', 0, 50);
    list.update('c.txt', 5, 5);
    list.update('a.bin', 60, 100);
    list.update('d.txt', 7, 7);
    assert.deepEqual(list.entries(), [
      { path: 'a.bin', done: 60, total: 100 },
      { path: 'b.bin', done: 0, total: 50 },
      { path: 'd.txt', done: 7, total: 7 },
      { path: 'c.txt', done: 5, total: 5 },
    ]);
    list.update('b.bin', 50, 50);
    assert.deepEqual(
      list.entries().map((entry) => entry.path),
      ['a.bin', 'b.bin', 'd.txt', 'c.txt'],
    );
  });

  it('moves a file back in flight when it restarts, and never reports more than its size', () => {
    const list = new FileProgressList();
    list.update('x', 9, 9);
    list.update('x', 2, 9);
    list.update('y', 12, 10);
    assert.deepEqual(list.entries(), [
      { path: 'x', done: 2, total: 9 },
      { path: 'y', done: 10, total: 10 },
    ]);
  });

  it('keeps the list short for huge snapshots', () => {
    const list = new FileProgressList();
    for (let i = 0; i < 5000; i++) list.update(`f${i}`, 1, 1);
    list.update('big', 1, 2);
    const entries = list.entries();
    assert.equal(entries.length, MAX_LISTED_FILES);
    assert.equal(entries[0]?.path, 'big');
    assert.equal(entries[1]?.path, 'f4999');
    assert.equal(list.entries(3).length, 3);
  });
});
