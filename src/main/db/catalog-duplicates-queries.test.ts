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

test('duplicates: the kept answer follows a ref that moves away and back, a second revision at a commit of its own, and content entering the store', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  const folders = createCatalogFoldersTable(db);
  const repos = createCatalogReposTable(db);
  const duplicates = createCatalogDuplicatesQueries(db);
  const folder = (name: string, files: Record<string, string>): number =>
    folders.insert(`digest-${name}`, Object.entries(files).map(([file, hash]) => ({ name: file, child: null, size: 10, oid: hash, lfs_sha256: null, lfs_size: null })));
  const a = repos.add({ source: 'remote', endpoint: 'https://hub.example', type: 'model', repoId: 'alice/a', revision: 'main', everyMs: null, now: 1 });
  repos.addRevision({ repo: a, commit: 'a1', rootFolder: folder('a1', { 'x.txt': oid('1'), 'y.txt': oid('2') }), files: 2, totalSize: 20, now: 1 });
  repos.markChecked(a, new Map([['main', 'a1']]), 1);
  const b = repos.add({ source: 'remote', endpoint: 'https://hub.example', type: 'model', repoId: 'alice/b', revision: 'main', everyMs: null, now: 1 });
  repos.addRevision({ repo: b, commit: 'b1', rootFolder: folder('b1', { 'x.txt': oid('1') }), files: 1, totalSize: 10, now: 1 });
  repos.addRevision({ repo: b, commit: 'b2', rootFolder: folder('b2', { 'z.txt': oid('3') }), files: 1, totalSize: 10, now: 1 });
  const answer = (): string[] => {
    const page = duplicates.duplicates(100, 0);
    return [`${page.count} ${page.reusableBytes}`, ...page.rows.map((row) => `${row.key.slice(0, 1)} x${row.places} copies ${row.copies} wasted ${row.wasted} reusable ${row.reusable}`)];
  };

  repos.markChecked(b, new Map([['main', 'b1']]), 1);
  assert.deepEqual(answer(), ['1 10', '1 x2 copies 0 wasted 0 reusable 10']);
  repos.markChecked(b, new Map([['main', 'b2']]), 2);
  assert.deepEqual(answer(), ['0 0'], 'b moved to a commit without x');
  repos.markChecked(b, new Map([['main', 'b1']]), 3);
  assert.deepEqual(answer(), ['1 10', '1 x2 copies 0 wasted 0 reusable 10'], 'and back');
  repos.markChecked(b, new Map([['main', 'b1'], ['dev', 'b2']]), 4);
  assert.deepEqual(answer(), ['1 10', '1 x2 copies 0 wasted 0 reusable 10'], 'a second ref at another commit adds nothing shared');
  repos.markChecked(a, new Map([['main', 'a1'], ['v1', 'a1']]), 4);
  assert.deepEqual(answer(), ['1 10', '1 x2 copies 0 wasted 0 reusable 10'], 'two refs at one commit count it once');

  db.prepare('INSERT INTO git_blobs (oid, size, sha256, created_at) VALUES (?, 10, ?, 1)').run(oid('9'), oid('1'));
  assert.deepEqual(answer(), ['1 20', '1 x2 copies 1 wasted 0 reusable 20'], 'its bytes in the store: both downloads reuse them');
  db.prepare('DELETE FROM git_blobs').run();
  assert.deepEqual(answer(), ['1 10', '1 x2 copies 0 wasted 0 reusable 10'], 'gone from the store again');
  db.close();
});
