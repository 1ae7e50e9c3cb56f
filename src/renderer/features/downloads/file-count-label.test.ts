import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileCountLabel } from './file-count-label.js';

const file = (doneBytes: number, size: number) => ({ path: `f${doneBytes}-${size}`, size, doneBytes });

describe('fileCountLabel', () => {
  it('uses the core’s counts, singular for one file', () => {
    assert.equal(fileCountLabel({ filesDone: 3, filesTotal: 12, files: [], state: 'running' }), '3 of 12 files complete');
    assert.equal(fileCountLabel({ filesDone: 0, filesTotal: 1, files: [], state: 'queued' }), '0 of 1 file complete');
  });

  it('counts finished listed files when the core sent no count, and all of them once done', () => {
    assert.equal(fileCountLabel({ filesDone: null, filesTotal: 3, files: [file(5, 5), file(1, 9)], state: 'running' }), '1 of 3 files complete');
    assert.equal(fileCountLabel({ filesDone: null, filesTotal: 3, files: [], state: 'done' }), '3 of 3 files complete');
  });

  it('is undefined without a total', () => {
    assert.equal(fileCountLabel({ filesDone: null, filesTotal: null, files: [file(1, 1)], state: 'running' }), undefined);
  });
});
