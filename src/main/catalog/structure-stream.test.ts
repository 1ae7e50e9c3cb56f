import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import type { RemoteTreeEntry } from '../upstream/index.js';
import { ListingOutOfOrder, StreamingStructureBuilder, type SealedEntries } from './structure-stream.js';
import { buildStructure, type StructureFolder } from './structure-tree.js';

const file = (path: string, size: number, oid: string, sha256?: string): RemoteTreeEntry =>
  sha256 === undefined ? { type: 'file', path, size, oid } : { type: 'file', path, size, oid, lfs: { oid: sha256, size } };
const folder = (path: string, oid: string): RemoteTreeEntry => ({ type: 'directory', path, oid });

/** Streams a listing; returns the root's digest and the paths of the folders in the order the sink got them. */
function stream(listing: readonly RemoteTreeEntry[]): { digest: string; sealed: string[]; files: number; totalSize: number; sunk: Array<SealedEntries<string>> } {
  const sealed: string[] = [];
  const sunk: Array<SealedEntries<string>> = [];
  const builder = new StreamingStructureBuilder<string>('http://hub', (digest, entries) => {
    sunk.push(entries);
    const name = `${entries.map(([entryName]) => entryName).join(',')}`;
    sealed.push(name);
    return digest;
  });
  for (const entry of listing) builder.add(entry);
  const { root, files, totalSize } = builder.finish();
  return { digest: root.digest, sealed, files, totalSize, sunk };
}

test('a listing in git order is streamed folder by folder, each as the listing leaves it, with the digests a whole build gives', () => {
  const listing = [
    folder('a', 't1'), file('a/b/c.txt', 3, 'o1'), file('a/b/d.txt', 4, 'o2'), file('a/e.bin', 9, 'o3', 's3'),
    folder('empty', 't2'), file('z.txt', 1, 'o4'),
  ];
  const streamed = stream(listing);
  const whole = buildStructure(listing, 'http://hub');
  assert.equal(streamed.digest, whole.root.digest);
  assert.deepEqual([streamed.files, streamed.totalSize], [whole.files, whole.totalSize]);
  // a/b when the listing leaves it for a/e.bin, a when it reaches empty, then the rest at the end.
  assert.deepEqual(streamed.sealed, ['c.txt,d.txt', 'b,e.bin', '', 'a,empty,z.txt']);
  const a = whole.root.entries.get('a') as StructureFolder;
  const sealedA = streamed.sunk[3]?.find(([name]) => name === 'a')?.[1];
  assert.deepEqual(sealedA && sealedA.kind === 'sealed' ? [sealedA.digest, sealedA.oid] : undefined, [a.digest, 't1']);
});

test('a folder entry listed after the folder it names is taken; a listing that comes back to a folder it left is refused as out of order', () => {
  const postOrder = [file('a/x', 1, 'o1'), folder('a', 't1'), file('b', 2, 'o2')];
  assert.equal(stream(postOrder).digest, buildStructure(postOrder, 'hub').root.digest);
  assert.throws(() => stream([file('a/x', 1, 'o1'), file('b', 2, 'o2'), file('a/y', 1, 'o3')]), ListingOutOfOrder);
  assert.throws(() => stream([file('a/b/x', 1, 'o1'), file('a/c', 2, 'o2'), file('a/b/y', 1, 'o3')]), ListingOutOfOrder);
  for (const listing of [[file('a//b', 1, 'o')], [file('a', 1, 'o'), file('a', 1, 'o')], [file('a', 1, 'o'), file('a/b', 1, 'o')]]) {
    assert.throws(() => stream(listing), (error: unknown) => error instanceof AppError && error.message.startsWith('http://hub listed'));
  }
});
