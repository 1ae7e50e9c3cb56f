import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
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
