import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogDifferingEntry, CatalogEntryRow } from '../db/index.js';
import { diffStructures, type ComparableFolders } from './structure-diff.js';

const f = (name: string, oid: string, size = 1, sha256: string | null = null): CatalogEntryRow => ({ name, child: null, size, oid, lfs_sha256: sha256, lfs_size: sha256 === null ? null : size });
const d = (name: string, child: number): CatalogEntryRow => ({ name, child, size: null, oid: null, lfs_sha256: null, lfs_size: null });

/** Folders held in memory, as the catalog's table answers (it compares two folders in SQL); each folder read is recorded. */
function memoryFolders(folders: ReadonlyMap<number, readonly CatalogEntryRow[]>, read: number[] = []): ComparableFolders {
  const entries = (folder: number): readonly CatalogEntryRow[] => {
    read.push(folder);
    return folders.get(folder) ?? [];
  };
  return {
    entries,
    differing: (a, b) => {
      const after = new Map(entries(b).map((entry) => [entry.name, entry]));
      const changes: CatalogDifferingEntry[] = [];
      for (const old of entries(a)) {
        const now = after.get(old.name) ?? null;
        after.delete(old.name);
        if (now === null || old.child !== now.child || old.size !== now.size || old.oid !== now.oid || old.lfs_sha256 !== now.lfs_sha256) changes.push({ name: old.name, old, new: now });
      }
      for (const now of after.values()) changes.push({ name: now.name, old: null, new: now });
      return changes;
    },
  };
}

test('added, removed, modified and renamed files, through folders that appear, vanish or turn into files', () => {
  const folders = new Map<number, CatalogEntryRow[]>([
    [1, [f('README.md', 'r1'), f('model.bin', 'm1', 100, 'sha-m1'), d('shared', 10), d('old', 11), f('kind', 'k1'), f('gone.txt', 'g1')]],
    [2, [f('README.md', 'r2', 2), d('weights', 12), d('shared', 10), d('kind', 13), f('new.txt', 'n1')]],
    [10, [f('same.txt', 's')]],
    [11, [f('a.txt', 'a1')]],
    [12, [f('model.bin', 'm1', 100, 'sha-m1')]],
    [13, [f('inner', 'i1')]],
  ]);
  const read: number[] = [];
  const diff = diffStructures(1, 2, memoryFolders(folders, read));
  assert.ok(!read.includes(10), 'a folder both sides share is not read');
  assert.deepEqual(diff.modified, [{ path: 'README.md', old: { path: 'README.md', size: 1, oid: 'r1', sha256: null }, new: { path: 'README.md', size: 2, oid: 'r2', sha256: null } }]);
  assert.deepEqual(diff.renamed, [{ from: { path: 'model.bin', size: 100, oid: 'm1', sha256: 'sha-m1' }, to: { path: 'weights/model.bin', size: 100, oid: 'm1', sha256: 'sha-m1' } }]);
  assert.deepEqual(diff.added.map((file) => file.path), ['kind/inner', 'new.txt']);
  assert.deepEqual(diff.removed.map((file) => file.path), ['gone.txt', 'kind', 'old/a.txt']);
});

test('the same root on both sides is no change at all', () => {
  const nothing = (): never => assert.fail('nothing is read');
  const diff = diffStructures(5, 5, { entries: nothing, differing: nothing });
  assert.deepEqual(diff, { added: [], removed: [], modified: [], renamed: [] });
});
