import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import type { RemoteTreeEntry } from '../upstream/index.js';
import { isGitListing, remoteRootTreeOid, treeMismatches } from './tree-check.js';

/** A real git tree: the listing HF's API would give for it (recursive, folders with their oids) and git's root tree oid. */
function gitTree(files: Record<string, string>): { listing: RemoteTreeEntry[]; root: string } {
  const dir = tempDir();
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git('add', '-A');
  const root = git('write-tree');
  const listing = git('ls-tree', '-r', '-t', '-l', root)
    .split('\n')
    .map((line): RemoteTreeEntry => {
      const [meta = '', path = ''] = line.split('\t');
      const [, type, oid = '', size] = meta.split(/\s+/);
      return type === 'tree' ? { type: 'directory', path, oid } : { type: 'file', path, oid, size: Number(size) };
    });
  return { listing, root };
}

test('the root tree oid computed from the top-level entries of a listing is the one git writes', () => {
  const { listing, root } = gitTree({ 'a.txt': 'a', 'b/c.txt': 'c', 'b/d/e.bin': 'e', 'b-side.txt': 'x', 'z/y.txt': 'y' });
  assert.ok(isGitListing(listing));
  assert.equal(remoteRootTreeOid(listing), root);
});

test('a folder or root oid that differs is reported by path; equal trees report nothing', () => {
  const { listing, root } = gitTree({ 'a.txt': 'a', 'b/c.txt': 'c', 'b/d/e.bin': 'e' });
  const folders = new Map(listing.filter((entry) => entry.type === 'directory').map((entry) => [entry.path, entry.oid]));
  assert.deepEqual(treeMismatches(listing, root, (path) => folders.get(path)), []);
  const other = gitTree({ 'a.txt': 'a', 'b/c.txt': 'c', 'b/d/e.bin': 'changed' });
  const otherFolders = new Map(other.listing.filter((entry) => entry.type === 'directory').map((entry) => [entry.path, entry.oid]));
  assert.deepEqual(
    treeMismatches(listing, other.root, (path) => otherFolders.get(path)).map((mismatch) => mismatch.path),
    ['', 'b', 'b/d'],
  );
});

test('a listing without git oids (a hub that names files otherwise) is not compared by tree oids', () => {
  assert.equal(isGitListing([{ type: 'file', path: 'a', oid: 'a'.repeat(64), size: 1 }]), false);
  assert.equal(isGitListing([{ type: 'directory', path: 'd' }]), false);
});
