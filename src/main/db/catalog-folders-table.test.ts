import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { createCatalogFoldersTable, type CatalogDifferingEntry, type CatalogEntryRow } from './catalog-folders-table.js';
import { openDatabase } from './open-database.js';

const oid = (seed: string): string => seed.padEnd(40, '0');
const f = (name: string, seed: string, size = 1, sha256: string | null = null): CatalogEntryRow => ({ name, child: null, size, oid: oid(seed), lfs_sha256: sha256, lfs_size: sha256 === null ? null : size });
const d = (name: string, child: number): CatalogEntryRow => ({ name, child, size: null, oid: null, lfs_sha256: null, lfs_size: null });

/** What differs between two listings, computed here by name without SQL: the answer `differing` must give. */
function expected(before: readonly CatalogEntryRow[], after: readonly CatalogEntryRow[]): CatalogDifferingEntry[] {
  const now = new Map(after.map((row) => [row.name, row]));
  const changes: CatalogDifferingEntry[] = [];
  for (const old of before) {
    const match = now.get(old.name) ?? null;
    now.delete(old.name);
    if (match === null || JSON.stringify(match) !== JSON.stringify(old)) changes.push({ name: old.name, old, new: match });
  }
  for (const added of now.values()) changes.push({ name: added.name, old: null, new: added });
  return changes;
}

const byName = (rows: readonly CatalogDifferingEntry[]): CatalogDifferingEntry[] => [...rows].sort((a, b) => (a.name < b.name ? -1 : 1));

test('differing names every entry two stored folders do not share: modified, removed, added, or changed kind', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  const folders = createCatalogFoldersTable(db);
  const sub = folders.insert('sub', [f('inner.txt', 'aa')]);
  const base = [f('README.md', 'r1'), f('a.bin', 'a1', 10, 'b'.repeat(64)), f('keep.txt', 'k1'), d('kind', sub), f('z.txt', 'z1')];
  const cases: Array<[string, CatalogEntryRow[]]> = [
    ['one modified', [f('README.md', 'r2', 2), ...base.slice(1)]],
    ['one removed', base.filter((row) => row.name !== 'keep.txt')],
    ['one added', [...base.slice(0, 4), f('new.txt', 'n1'), base[4] as CatalogEntryRow]],
    ['added and modified', [f('README.md', 'r2', 2), ...base.slice(1), f('zz.txt', 'n2')]],
    ['one renamed in place (as many entries)', [...base.slice(0, 2), f('kept.txt', 'k1'), ...base.slice(3)]],
    ['removed and modified, one fewer', [f('README.md', 'r1'), f('a.bin', 'a1', 10, 'c'.repeat(64)), ...base.slice(3)]],
    ['a folder turned into a file', [...base.slice(0, 3), f('kind', 'kk'), base[4] as CatalogEntryRow]],
    ['nothing in common', [f('other', 'o1')]],
  ];
  const old = folders.insert('base', base);
  for (const [label, after] of cases) {
    const now = folders.insert(label, after);
    assert.deepEqual(byName(folders.differing(old, now)), byName(expected(base, after)), `${label}: old to new`);
    assert.deepEqual(byName(folders.differing(now, old)), byName(expected(after, base)), `${label}: new to old`);
  }
  assert.deepEqual(folders.differing(old, old), []);
  db.close();
});

test('migration 25 counts the entries of folders stored before it, and a diff across it sees what was added', () => {
  const file = join(tempDir(), 'hub.db');
  const old = openDatabase(file, { upTo: 23 });
  old.exec(`INSERT INTO catalog_folders (id, digest) VALUES (1, 'd1'), (2, 'd2'), (3, 'd3');
    INSERT INTO catalog_entries (folder, name, size, oid) VALUES (1, 'a.txt', 1, 'x1'), (1, 'b.txt', 1, 'x2'), (2, 'a.txt', 1, 'x1'), (2, 'b.txt', 2, 'x3'), (2, 'c.txt', 1, 'x4');`);
  old.close();
  const db = openDatabase(file);
  assert.deepEqual(db.prepare('SELECT id, entry_count FROM catalog_folders ORDER BY id').raw().all(), [[1, 2], [2, 3], [3, 0]]);
  const folders = createCatalogFoldersTable(db);
  assert.deepEqual(byName(folders.differing(1, 2)).map((row) => [row.name, row.old?.oid ?? null, row.new?.oid ?? null]), [['b.txt', 'x2', 'x3'], ['c.txt', null, 'x4']]);
  db.close();
});
