import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import type { RemoteTreeEntry } from '../upstream/index.js';
import { buildStructure, fileLine, folderLine, type StructureFolder } from './structure-tree.js';

const file = (path: string, size: number, oid: string, sha256?: string): RemoteTreeEntry =>
  sha256 === undefined ? { type: 'file', path, size, oid } : { type: 'file', path, size, oid, lfs: { oid: sha256, size } };

test('a listing becomes nested folders; missing folder entries are implied by their files', () => {
  const structure = buildStructure([file('a/b/c.txt', 3, 'o1'), { type: 'directory', path: 'a', oid: 't1' }, file('top.bin', 10, 'o2', 's2')], 'hub');
  assert.equal(structure.files, 2);
  assert.equal(structure.totalSize, 13);
  const a = structure.root.entries.get('a') as StructureFolder;
  assert.equal(a.oid, 't1');
  const b = a.entries.get('b') as StructureFolder;
  assert.equal(b.oid, undefined);
  assert.deepEqual(b.entries.get('c.txt'), { kind: 'file', size: 3, oid: 'o1', lfs: undefined });
  assert.deepEqual(structure.root.entries.get('top.bin'), { kind: 'file', size: 10, oid: 'o2', lfs: { sha256: 's2', size: 10 } });
});

test('equal folders get equal digests whatever the listing order; any change to a file changes every digest above it', () => {
  const one = buildStructure([file('x/1', 1, 'a'), file('y/1', 1, 'a'), file('x/2', 2, 'b'), file('y/2', 2, 'b')], 'hub');
  const two = buildStructure([file('y/2', 2, 'b'), file('x/2', 2, 'b'), file('y/1', 1, 'a'), file('x/1', 1, 'a')], 'hub');
  const x = one.root.entries.get('x') as StructureFolder;
  const y = one.root.entries.get('y') as StructureFolder;
  assert.equal(x.digest, y.digest);
  assert.equal(one.root.digest, two.root.digest);
  const changed = buildStructure([file('x/1', 1, 'a'), file('y/1', 1, 'a'), file('x/2', 2, 'b'), file('y/2', 2, 'c')], 'hub');
  assert.notEqual(changed.root.digest, one.root.digest);
  assert.equal((changed.root.entries.get('x') as StructureFolder).digest, x.digest);
  assert.notEqual((changed.root.entries.get('y') as StructureFolder).digest, y.digest);
});

test('a listing with an invalid or repeated path is refused', () => {
  for (const listing of [[file('a//b', 1, 'o')], [file('../x', 1, 'o')], [file('a', 1, 'o'), file('a', 1, 'o')], [file('a', 1, 'o'), file('a/b', 1, 'o')]]) {
    assert.throws(() => buildStructure(listing, 'http://hub'), (error: unknown) => error instanceof AppError && error.message.startsWith('http://hub listed'));
  }
});

test("a folder's digest lines are the JSON of an array, as stored digests were made (escapes, numbers, LFS or not)", () => {
  for (const name of ['config.json', 'with "quote"', 'back\\slash', 'ctrl\u0001', 'uni\u00e9\u2028', 'lone\ud800']) {
    for (const size of [0, 7, 123456789012]) {
      const lfs = { sha256: 'ab'.repeat(32), size };
      assert.equal(fileLine(name, { kind: 'file', size, oid: 'o"1', lfs: undefined }), `${JSON.stringify(['f', name, size, 'o"1', null, null])}\n`);
      assert.equal(fileLine(name, { kind: 'file', size, oid: 'o1', lfs }), `${JSON.stringify(['f', name, size, 'o1', lfs.sha256, size])}\n`);
    }
    assert.equal(folderLine(name, 'd1', undefined), `${JSON.stringify(['d', name, 'd1', null])}\n`);
    assert.equal(folderLine(name, 'd1', 'tree"1'), `${JSON.stringify(['d', name, 'd1', 'tree"1'])}\n`);
  }
});
