import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { TREE_MODE, hexToBytes, objectHeader, type GitObjectType } from '../../src/shared/git-objects.js';
import type { Store } from '../../src/main/store/index.js';

/**
 * Writes every object reachable from a repo's refs into a bare git repository as loose objects,
 * plus the refs, so real git can check what our store produced. The object ids are recomputed
 * from the bytes here, independently of the store, and must equal the store's ids.
 */
export function exportToGit(store: Store, repoId: number, gitDir: string): void {
  execFileSync('git', ['init', '--quiet', '--bare', gitDir]);
  execFileSync('git', ['symbolic-ref', 'HEAD', 'refs/heads/main'], { cwd: gitDir });
  const written = new Set<string>();
  const write = (type: GitObjectType, body: Uint8Array, expectedOid: string): void => {
    const header = objectHeader(type, body.length);
    const oid = createHash('sha1').update(header).update(body).digest('hex');
    if (oid !== expectedOid) throw new Error(`${type} ${expectedOid} re-hashes to ${oid}`);
    if (written.has(oid)) return;
    written.add(oid);
    const dir = join(gitDir, 'objects', oid.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, oid.slice(2));
    if (!existsSync(file)) writeFileSync(file, deflateSync(Buffer.concat([header, body])));
  };

  const writeTree = (treeOid: string): void => {
    if (written.has(treeOid)) return;
    const parts: Buffer[] = [];
    for (const entry of store.treeEntries(treeOid)) {
      parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`), Buffer.from(hexToBytes(entry.oid)));
      if (entry.mode === TREE_MODE) writeTree(entry.oid);
      else write('blob', blobBytes(store, entry.oid), entry.oid);
    }
    write('tree', Buffer.concat(parts), treeOid);
  };

  const { branches, tags } = store.listRefs(repoId);
  for (const ref of [...branches, ...tags]) {
    for (const commit of store.history(ref.commit)) {
      if (written.has(commit.oid)) continue;
      writeTree(commit.treeOid);
      write('commit', store.rawCommit(commit.oid) as Buffer, commit.oid);
    }
  }
  for (const branch of branches) writeRef(gitDir, `refs/heads/${branch.name}`, branch.commit);
  for (const tag of tags) writeRef(gitDir, `refs/tags/${tag.name}`, tag.commit);
}

function blobBytes(store: Store, oid: string): Buffer {
  const located = store.locateBlob(oid);
  if (!located) throw new Error(`blob ${oid} missing from the store`);
  if (located.kind === 'inline') return located.data;
  if (located.kind === 'pointer') return Buffer.from(located.text);
  return readFileSync(located.path);
}

function writeRef(gitDir: string, name: string, oid: string): void {
  const file = join(gitDir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${oid}\n`);
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
