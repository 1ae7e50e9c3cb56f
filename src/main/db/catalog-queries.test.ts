import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { EXTENSION_OF, createCatalogQueries } from './catalog-queries.js';
import { openDatabase } from './open-database.js';

test('lookups by extension, name and name prefix seek the extension index and find exactly the names that qualify', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  const names = ['a.json', 'B.JSON', 'a.tar.gz', 'README', 'README.md', 'x.', '.gitattributes', 'read.me'];
  db.exec(`INSERT INTO catalog_folders (id, digest) VALUES (1, 'd1'), (2, 'd2');
    INSERT INTO catalog_entries (folder, name, child) VALUES (1, 'sub', 2);`);
  const insert = db.prepare('INSERT INTO catalog_entries (folder, name, size, oid) VALUES (2, ?, 1, ?)');
  for (const name of names) insert.run(name, 'a'.repeat(40));
  const queries = createCatalogQueries(db);
  const namesOf = (rows: Iterable<{ name: string }>): string[] => [...rows].map((row) => row.name).sort();
  assert.deepEqual(namesOf(queries.entriesWithExtension('json')), ['B.JSON', 'a.json']);
  assert.deepEqual(namesOf(queries.entriesWithExtension('GZ')), ['a.tar.gz']);
  assert.deepEqual(namesOf(queries.entriesWithExtension('', 'x')), ['x.']);
  assert.deepEqual(namesOf(queries.entriesWithExtension('gitattributes')), ['.gitattributes']);
  assert.deepEqual(namesOf(queries.entriesStartingWith('READ')), ['README', 'README.md']);
  assert.deepEqual(namesOf(queries.entriesStartingWith('re')), ['read.me']);
  assert.deepEqual(namesOf(queries.entriesNamedLike('%read%')), ['README', 'README.md', 'read.me']);
  // Through the trigram index of the distinct names: the same answers as LIKE, too short a text is left to LIKE.
  assert.deepEqual(namesOf(queries.entriesContaining('ead', '%ead%') ?? []), ['README', 'README.md', 'read.me']);
  assert.deepEqual(namesOf(queries.entriesContaining('ADME.', '%ADME.%') ?? []), ['README.md']);
  assert.deepEqual(namesOf(queries.entriesContaining('tar.gz"', '%tar.gz"%') ?? []), []);
  assert.deepEqual(namesOf(queries.entriesContaining('.tar', '%.tar%') ?? []), ['a.tar.gz']);
  assert.equal(queries.entriesContaining('re', '%re%'), undefined);

  const plan = (sql: string): string => db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => row.detail).join(' | ');
  assert.match(plan(`SELECT folder, name FROM catalog_entries WHERE child IS NULL AND ${EXTENSION_OF('name')} = 'json' AND name >= 'a'`), /USING COVERING INDEX catalog_entries_by_ext_name \(<expr>=\? AND name>\?\)/);
  assert.match(
    plan(`SELECT e.folder FROM catalog_names n JOIN catalog_entries e ON e.child IS NULL AND ${EXTENSION_OF('e.name')} IS ${EXTENSION_OF('n.name')} AND e.name = n.name WHERE n.id IN (1, 2)`),
    /USING COVERING INDEX catalog_entries_by_ext_name \(<expr>=\? AND name=\?/,
  );
  db.close();
});
