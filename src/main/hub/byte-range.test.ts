import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseByteRange } from './byte-range.js';

describe('parseByteRange', () => {
  test('reads a closed range and clips its end to the size', () => {
    assert.deepEqual(parseByteRange('bytes=0-0', 10), { kind: 'partial', start: 0, end: 0 });
    assert.deepEqual(parseByteRange('bytes=2-5', 10), { kind: 'partial', start: 2, end: 5 });
    assert.deepEqual(parseByteRange('bytes=2-500', 10), { kind: 'partial', start: 2, end: 9 });
  });

  test('reads an open range and a suffix range', () => {
    assert.deepEqual(parseByteRange('bytes=5-', 10), { kind: 'partial', start: 5, end: 9 });
    assert.deepEqual(parseByteRange('bytes=-3', 10), { kind: 'partial', start: 7, end: 9 });
    assert.deepEqual(parseByteRange('bytes=-30', 10), { kind: 'partial', start: 0, end: 9 });
  });

  test('finds ranges that start past the end unsatisfiable', () => {
    assert.deepEqual(parseByteRange('bytes=10-', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=10-20', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=-0', 10), { kind: 'unsatisfiable' });
    assert.deepEqual(parseByteRange('bytes=0-0', 0), { kind: 'unsatisfiable' });
  });

  test('ignores what it does not support: no header, other units, several ranges, garbage', () => {
    for (const header of [undefined, 'items=0-1', 'bytes=0-1,3-4', 'bytes=5-2', 'bytes=a-b', 'bytes=-', 'bytes=99999999999999999999-']) {
      assert.deepEqual(parseByteRange(header, 10), { kind: 'full' }, String(header));
    }
  });
});
