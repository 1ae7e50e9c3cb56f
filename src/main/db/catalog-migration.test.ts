import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createCatalogDuplicatesQueries } from './catalog-duplicates-queries.js';
import { createCatalogFoldersTable } from './catalog-folders-table.js';
import { createCatalogQueries } from './catalog-queries.js';
import { createCatalogReposTable } from './catalog-repos-table.js';
import { openDatabase } from './open-database.js';

test('migration 11 keeps what version 10 tracked: the current commit becomes the tracked ref, checked daily', () => {
  const file = join(tempDir(), 'hub.db');
  const old = openDatabase(file, { upTo: 10 });
  old.exec(`INSERT INTO catalog_folders (id, digest) VALUES (1, 'd1');
    INSERT INTO catalog_entries (folder, name, size, oid) VALUES (1, 'config.json', 2, '${'a'.repeat(40)}');
    INSERT INTO catalog_repos (id, endpoint, type, repo_id, revision, current_commit, added_at, checked_at)
      VALUES (1, 'https://hub.example', 'model', 'alice/m1', 'main', 'c1', 10, 20), (2, 'https://hub.example', 'model', 'alice/never', 'main', NULL, 10, NULL);
    INSERT INTO catalog_revisions (repo, commit_id, root_folder, files, total_size, fetched_at) VALUES (1, 'c1', 1, 1, 2, 20);`);
  old.close();

  const db = openDatabase(file);
  const repos = createCatalogReposTable(db);
  assert.deepEqual(repos.refs(1), [{ ref: 'main', commit_id: 'c1', files: 1, total_size: 2, fetched_at: 20 }]);
  assert.deepEqual(repos.refs(2), []);
  assert.deepEqual(repos.list().map((row) => [row.repo_id, row.source, row.every_ms]), [['alice/m1', 'remote', 86_400_000], ['alice/never', 'remote', 86_400_000]]);
  db.close();
});

test('migration 17 keeps every entry: hex hashes become their bytes, read back as the same hex; other oids stay as given; names are searchable', () => {
  const file = join(tempDir(), 'hub.db');
  const oid = 'ab'.repeat(20);
  const sha256 = 'cd'.repeat(32);
  const old = openDatabase(file, { upTo: 16 });
  old.exec(`INSERT INTO catalog_folders (id, digest) VALUES (1, 'd1'), (2, 'd2'), (3, '${'e'.repeat(64)}');
    INSERT INTO catalog_entries (folder, name, child, oid) VALUES (1, 'sub', 2, NULL);
    INSERT INTO catalog_entries (folder, name, size, oid, lfs_sha256, lfs_size) VALUES
      (2, 'model.safetensors', 9, '${oid}', '${sha256}', 9), (2, 'odd.txt', 1, 'Not-Hex', NULL, NULL);
    INSERT INTO catalog_shared_contents (key) VALUES ('${sha256}');
    INSERT INTO catalog_repos (id, endpoint, type, repo_id, revision, added_at) VALUES (1, 'https://hub.example', 'model', 'alice/m1', 'main', 10);
    INSERT INTO catalog_revisions (id, repo, commit_id, root_folder, files, total_size, fetched_at) VALUES (1, 1, 'c1', 1, 2, 10, 20);
    INSERT INTO catalog_refs (repo, ref, commit_id) VALUES (1, 'main', 'c1');`);
  old.close();

  const db = openDatabase(file);
  const folders = createCatalogFoldersTable(db);
  assert.deepEqual(folders.entries(2), [
    { name: 'model.safetensors', child: null, size: 9, oid, lfs_sha256: sha256, lfs_size: 9 },
    { name: 'odd.txt', child: null, size: 1, oid: 'Not-Hex', lfs_sha256: null, lfs_size: null },
  ]);
  assert.equal(db.prepare<[], { type: string }>("SELECT typeof(lfs_sha256) AS type FROM catalog_entries WHERE name = 'model.safetensors'").get()?.type, 'blob');
  assert.equal(db.prepare<[string], number>('SELECT count(*) FROM catalog_shared_contents WHERE key = unhex(?)').pluck().get(sha256), 1);
  const queries = createCatalogQueries(db);
  assert.deepEqual(queries.filesWithHash(sha256).map((row) => [row.repo_id, row.path, row.oid, row.lfs_sha256]), [['alice/m1', 'sub/model.safetensors', oid, sha256]]);
  assert.deepEqual(queries.entriesContaining('safet', '%safet%'), [{ folder: 2, name: 'model.safetensors' }]);
  assert.deepEqual(createCatalogReposTable(db).list().map((row) => row.repo_id), ['alice/m1']);
  assert.deepEqual(db.prepare('SELECT digest FROM catalog_folders ORDER BY id').pluck().all(), ['d1', 'd2', 'e'.repeat(32)]);
  db.close();
});

test('migration 18 finds the contents version 17 held twice: duplicates answers for two repos tracked before it', () => {
  const file = join(tempDir(), 'hub.db');
  const sha256 = 'cd'.repeat(32);
  const old = openDatabase(file, { upTo: 17 });
  old.exec(`INSERT INTO catalog_folders (id, digest) VALUES (1, 'd1'), (2, 'd2');
    INSERT INTO catalog_entries (folder, name, size, oid, lfs_sha256, lfs_size) VALUES
      (1, 'model.safetensors', 9, unhex('${'ab'.repeat(20)}'), unhex('${sha256}'), 9), (2, 'weights.safetensors', 9, unhex('${'ab'.repeat(20)}'), unhex('${sha256}'), 9);
    INSERT INTO catalog_shared_contents (key) VALUES (unhex('${sha256}'));
    UPDATE catalog_shared_scan SET checked_folder = 2;
    INSERT INTO catalog_repos (id, endpoint, type, repo_id, revision, added_at) VALUES (1, 'https://hub.example', 'model', 'alice/m1', 'main', 10), (2, 'https://hub.example', 'model', 'alice/m2', 'main', 10);
    INSERT INTO catalog_revisions (id, repo, commit_id, root_folder, files, total_size, fetched_at) VALUES (1, 1, 'c1', 1, 1, 9, 20), (2, 2, 'c2', 2, 1, 9, 20);
    INSERT INTO catalog_refs (repo, ref, commit_id) VALUES (1, 'main', 'c1'), (2, 'main', 'c2');`);
  old.close();

  const db = openDatabase(file);
  const duplicates = createCatalogDuplicatesQueries(db);
  const answer = duplicates.duplicates(10, 0);
  assert.deepEqual([answer.count, answer.reusableBytes, answer.rows.map((row) => [row.key, row.places, row.reusable])], [1, 9, [[sha256, 2, 9]]], 'the second download can reuse the first');
  assert.deepEqual(duplicates.placesOf(sha256, 10, 0).map((row) => `${row.repo_id}:${row.path}`), ['alice/m1:model.safetensors', 'alice/m2:weights.safetensors']);
  db.close();
});

test('migration 22 (oid prefix index) keeps finding files by git oid, and tells apart two oids sharing their first 8 bytes', () => {
  const file = join(tempDir(), 'hub.db');
  const oid = `${'ab'.repeat(8)}${'01'.repeat(12)}`;
  const twin = `${'ab'.repeat(8)}${'02'.repeat(12)}`;
  const old = openDatabase(file, { upTo: 18 });
  old.exec(`INSERT INTO catalog_folders (id, digest) VALUES (1, 'd1');
    INSERT INTO catalog_entries (folder, name, size, oid) VALUES (1, 'config.json', 2, unhex('${oid}')), (1, 'other.json', 2, unhex('${twin}')), (1, 'odd.txt', 1, 'Not-Hex-Oid');
    INSERT INTO catalog_repos (id, endpoint, type, repo_id, revision, added_at) VALUES (1, 'https://hub.example', 'model', 'alice/m1', 'main', 10);
    INSERT INTO catalog_revisions (id, repo, commit_id, root_folder, files, total_size, fetched_at) VALUES (1, 1, 'c1', 1, 3, 5, 20);
    INSERT INTO catalog_refs (repo, ref, commit_id) VALUES (1, 'main', 'c1');`);
  old.close();

  const db = openDatabase(file);
  const queries = createCatalogQueries(db);
  assert.deepEqual(queries.filesWithHash(oid).map((row) => [row.path, row.oid]), [['config.json', oid]]);
  assert.deepEqual(queries.filesWithHash(twin).map((row) => [row.path, row.oid]), [['other.json', twin]]);
  assert.deepEqual(createCatalogDuplicatesQueries(db).placesOf('Not-Hex-Oid', 10, 0).map((row) => row.path), ['odd.txt']);
  db.close();
});
