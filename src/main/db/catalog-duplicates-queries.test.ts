import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createCatalogDuplicatesQueries } from './catalog-duplicates-queries.js';
import { createCatalogFoldersTable } from './catalog-folders-table.js';
import { createCatalogReposTable } from './catalog-repos-table.js';
import { openDatabase } from './open-database.js';

const oid = (char: string): string => char.repeat(40);

test('candidates: contents held twice, found in folders stored since the last question and in folders reusing a swept id', () => {
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
  const held = (): string[] => duplicates.candidateFiles().map((row) => `${row.repo_id}:${row.path}`).sort();

  track('a', { 'x.txt': oid('1'), 'y.txt': oid('2') });
  assert.deepEqual(held(), []);
  const b = track('b', { 'copy-of-x.txt': oid('1') });
  assert.deepEqual(held(), ['alice/a:x.txt', 'alice/b:copy-of-x.txt'], 'a folder stored after the last question is checked');

  repos.remove(b);
  folders.sweep();
  // Its twin swept, x stays a candidate (the report drops a content held at one place only).
  assert.deepEqual(held(), ['alice/a:x.txt']);
  track('c', { 'copy-of-y.txt': oid('2') });
  assert.deepEqual(held(), ['alice/a:x.txt', 'alice/a:y.txt', 'alice/c:copy-of-y.txt'], 'the swept folder id, reused, is checked again');
  db.close();
});
