import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LibraryRepo } from '../../../shared/app-api.js';
import { DEFAULT_FILTERS, selectLibraryRows } from './library-rows.js';

function repo(id: string, overrides: Partial<LibraryRepo> = {}): LibraryRepo {
  return { source: 'hub', type: 'model', id, sizeOnDisk: 0, files: 1, revisions: 1, refs: ['main'], lastUsed: 0, private: false, ...overrides };
}

const repos = [
  repo('alice/bert-base', { sizeOnDisk: 400e6, lastUsed: 3 }),
  repo('bob/squad', { type: 'dataset', source: 'cache', sizeOnDisk: 30e6, lastUsed: 9 }),
  repo('alice/llama-7b', { sizeOnDisk: 13e9, lastUsed: null, revisions: 3 }),
  repo('gpt2', { source: 'cache', sizeOnDisk: 500e6, lastUsed: 5 }),
];
const ids = (rows: LibraryRepo[]): string[] => rows.map((row) => row.id);

describe('selectLibraryRows', () => {
  it('sorts by last use, newest first, never-used last', () => {
    assert.deepEqual(ids(selectLibraryRows(repos, DEFAULT_FILTERS, { key: 'lastUsed', direction: 'desc' })), [
      'bob/squad',
      'gpt2',
      'alice/bert-base',
      'alice/llama-7b',
    ]);
  });

  it('sorts by size and name in both directions', () => {
    assert.deepEqual(ids(selectLibraryRows(repos, DEFAULT_FILTERS, { key: 'size', direction: 'asc' })), [
      'bob/squad',
      'alice/bert-base',
      'gpt2',
      'alice/llama-7b',
    ]);
    assert.deepEqual(ids(selectLibraryRows(repos, DEFAULT_FILTERS, { key: 'name', direction: 'desc' })), [
      'gpt2',
      'bob/squad',
      'alice/llama-7b',
      'alice/bert-base',
    ]);
  });

  it('filters by words, type, source and size', () => {
    const sort = { key: 'name', direction: 'asc' } as const;
    assert.deepEqual(ids(selectLibraryRows(repos, { ...DEFAULT_FILTERS, search: 'ALICE  7b' }, sort)), ['alice/llama-7b']);
    assert.deepEqual(ids(selectLibraryRows(repos, { ...DEFAULT_FILTERS, type: 'dataset' }, sort)), ['bob/squad']);
    assert.deepEqual(ids(selectLibraryRows(repos, { ...DEFAULT_FILTERS, source: 'cache' }, sort)), ['bob/squad', 'gpt2']);
    assert.deepEqual(ids(selectLibraryRows(repos, { ...DEFAULT_FILTERS, size: 'medium' }, sort)), ['alice/bert-base', 'gpt2']);
    assert.deepEqual(ids(selectLibraryRows(repos, { ...DEFAULT_FILTERS, size: 'huge' }, sort)), ['alice/llama-7b']);
  });

  // Its speed is the e2e library-scale test's to measure (a timed unit test only measures the machine's load).
  it('filters and sorts 1,000 repos', () => {
    const many = Array.from({ length: 1000 }, (_, i) => repo(`org${i % 37}/model-${i}`, { sizeOnDisk: i * 1e6, lastUsed: i }));
    const rows = selectLibraryRows(many, { ...DEFAULT_FILTERS, search: 'model' }, { key: 'size', direction: 'desc' });
    assert.equal(rows.length, 1000);
    assert.deepEqual(ids(rows.slice(0, 2)), ['org0/model-999', 'org36/model-998']);
  });
});
