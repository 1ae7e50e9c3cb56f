import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createCatalogDuplicatesQueries } from './catalog-duplicates-queries.js';
import { createCatalogFoldersTable } from './catalog-folders-table.js';
import { createCatalogReposTable } from './catalog-repos-table.js';
import { openDatabase } from './open-database.js';

const oid = (char: string): string => char.repeat(40);

test('duplicates: contents held twice, found in folders stored since the last question and in folders reusing a swept id', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  const folders = createCatalogFoldersTable(db);
  const repos = createCatalogReposTable(db);
  const duplicates = createCatalogDuplicatesQueries(db);
  const track = (name: string, files: Record<string, string>): number => {
    const root = folders.insert(`digest-${name}`, Object.entries(files).map(([file, hash]) => ({ name: file, child: null, size: 1, oid: hash, lfs_sha256: null, lfs_size: null })));
    const repo = repos.add({ source: 'remote', endpoint: 'https://hub.example', type: 'model', repoId: `alice/${name}`, revision: 'main', everyMs: null, now: 1 });
    repos.addRevision({ repo, commit: `c-${name}`, rootFolder: root, files: 1, totalSize: 1, now: 1 });
    repos.markChecked(repo, new Map([['main', `c-${name}`]]), 1);
    return repo;
  };
  // Each duplicated content with its place count and places: summed in SQL, listed on demand.
  const held = (): string[] =>
    duplicates.duplicates(100, 0).rows.map((row) => `${row.key.slice(0, 1)} x${row.places}: ${duplicates.placesOf(row.key, 10, 0).map((place) => `${place.repo_id}:${place.path}`).join(' ')}`);

  track('a', { 'x.txt': oid('1'), 'y.txt': oid('2') });
  assert.deepEqual(held(), []);
  const b = track('b', { 'copy-of-x.txt': oid('1') });
  assert.deepEqual(held(), ['1 x2: alice/a:x.txt alice/b:copy-of-x.txt'], 'a folder stored after the last question is checked');

  repos.remove(b);
  folders.sweep();
  assert.deepEqual(held(), [], 'its twin swept, x is held once');
  track('c', { 'copy-of-y.txt': oid('2') });
  assert.deepEqual(held(), ['2 x2: alice/a:y.txt alice/c:copy-of-y.txt'], 'the swept folder id, reused, is checked again');
  assert.deepEqual(duplicates.placesOf(oid('2'), 1, 1).map((place) => place.repo_id), ['alice/c'], 'places are paged');
  db.close();
});
