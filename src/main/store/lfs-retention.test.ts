import assert from 'node:assert/strict';
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { openDatabase } from '../db/index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { sha256Hex } from './git-hash.js';
import { createStore, type Store } from './index.js';

const author = { name: 'Alice', email: 'alice@example.com' };
const HOUR = 3_600_000;

function setup() {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  let offset = 0;
  const store = createStore({ db, dataDir: dir, now: () => Date.now() + offset });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });
  /** Moves the store's clock past the grace period and makes every blob file look old. */
  const age = (): void => {
    offset += 2 * HOUR;
    const old = new Date(Date.now() - HOUR);
    for (const version of versions) utimesSync(store.blobs.pathOf(sha256Hex(version)), old, old);
  };
  return { store, repo, age };
}

const versions = [1, 2, 3, 4].map((n) => Buffer.alloc(2000 + n, n));

async function commitVersions(store: Store, repoId: number, path = 'w.bin'): Promise<string[]> {
  const commits: string[] = [];
  for (const [i, data] of versions.entries()) {
    const result = await store.commit({
      repoId, branch: 'main', title: `v${i + 1}`, author,
      operations: [{ type: 'add', path, content: { data }, lfs: 'always' }],
    });
    commits.push(result.commitOid);
  }
  return commits;
}

function stored(store: Store): boolean[] {
  return versions.map((data) => existsSync(store.blobs.pathOf(sha256Hex(data))));
}

describe('LFS keep-versions', () => {
  test('versions beyond the N most recent are collected, history stays intact and fsck stays clean', async () => {
    const { store, repo, age } = setup();
    const commits = await commitVersions(store, repo.id);
    const before = store.repoUsage(repo.id);
    store.updateRepoOptions(repo.id, { lfsKeepVersions: 2 });
    assert.equal(store.repoUsage(repo.id), before - 2001 - 2002, 'released versions stop counting at once');

    let report = await store.collectGarbage(HOUR);
    assert.equal(report.lfsVersionsPruned, 0, 'nothing goes within the grace period');
    age();
    report = await store.collectGarbage(HOUR);
    assert.equal(report.lfsVersionsPruned, 2);
    assert.deepEqual(stored(store), [false, false, true, true]);
    assert.ok(store.isLfsPruned(sha256Hex(versions[0] as Buffer)));

    const first = store.getEntry(commits[0] as string, 'w.bin');
    assert.equal(first?.type === 'file' ? first.lfs?.oid : undefined, sha256Hex(versions[0] as Buffer), 'old pointers remain');
    assert.equal([...store.history(commits[3] as string)].length, 5);
    assert.deepEqual((await store.checkIntegrity()).problems, []);
  });

  test('a version any branch or tag head holds is never collected', async () => {
    const { store, repo, age } = setup();
    const commits = await commitVersions(store, repo.id);
    store.createTag(repo.id, 'v1', commits[0]);
    store.createBranch(repo.id, 'old', commits[1]);
    store.updateRepoOptions(repo.id, { lfsKeepVersions: 1 });
    age();
    const report = await store.collectGarbage(HOUR);
    assert.deepEqual(stored(store), [true, true, false, true], 'tag v1 holds v1, branch old holds v2, main keeps v4');
    assert.equal(report.lfsVersionsPruned, 1);
  });

  test('content another repo without a policy still uses is kept', async () => {
    const { store, repo, age } = setup();
    await commitVersions(store, repo.id);
    const other = store.createRepo({ type: 'model', namespace: 'alice', name: 'm2', author });
    await store.commit({
      repoId: other.id, branch: 'main', title: 'v1 elsewhere', author,
      operations: [{ type: 'add', path: 'copy.bin', content: { data: versions[0] as Buffer }, lfs: 'always' }],
    });
    store.updateRepoOptions(repo.id, { lfsKeepVersions: 1 });
    age();
    await store.collectGarbage(HOUR);
    assert.deepEqual(stored(store), [true, false, false, true]);
  });

  test('without a policy every version stays, and clearing a policy keeps the rest', async () => {
    const { store, repo, age } = setup();
    await commitVersions(store, repo.id);
    store.updateRepoOptions(repo.id, { lfsKeepVersions: 1 });
    store.updateRepoOptions(repo.id, { lfsKeepVersions: null });
    assert.equal(store.repoOptions(repo.id).lfsKeepVersions, null);
    age();
    const report = await store.collectGarbage(HOUR);
    assert.equal(report.lfsVersionsPruned, 0);
    assert.deepEqual(stored(store), [true, true, true, true]);
  });
});
