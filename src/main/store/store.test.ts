import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, utimesSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { openDatabase } from '../db/index.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { FILE_MODE, serializeCommit, serializeTree } from '../../shared/git-objects.js';
import { createStore, type GitImport, type PushHold, type Store } from './index.js';
import { gitBlobOid, hashGitObject, sha256Hex } from './git-hash.js';

const author = { name: 'Alice', email: 'alice@example.com' };

function setup(options: { lfsThreshold?: number } = {}) {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  // Real time plus an offset: blob files carry real mtimes, and tests move the store's clock ahead.
  let offset = 0;
  const time = { advance: (ms: number) => (offset += ms) };
  const store = createStore({ db, dataDir: dir, lfsThreshold: options.lfsThreshold ?? 1024, now: () => Date.now() + offset });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });
  return { dir, db, store, repo, time };
}

function head(store: Store, repoId: number): string {
  return store.resolveRevision(repoId, 'main');
}

function rejectsWith(code: string) {
  return (error: unknown) => error instanceof AppError && error.code === code;
}

function add(path: string, text: string) {
  return { type: 'add' as const, path, content: { data: Buffer.from(text) } };
}

describe('repos', () => {
  test('a new repo has a main branch whose commit holds the default .gitattributes', () => {
    const { store, repo } = setup();
    const entries = [...store.listTree(head(store, repo.id))];
    assert.deepEqual(entries.map((e) => e.path), ['.gitattributes']);
    assert.equal(store.listRefs(repo.id).branches[0]?.name, 'main');
  });

  test('names break HF rules are refused before anything is written', () => {
    const { store } = setup();
    for (const name of ['', 'a--b', 'a..b', '-a', 'a.', 'x.git', 'a/b', 'a b', 'é', 'x'.repeat(97)]) {
      assert.throws(() => store.createRepo({ type: 'model', namespace: 'alice', name, author }), rejectsWith('InvalidRepoName'), name);
    }
    assert.throws(() => store.createRepo({ type: 'model', namespace: 'api', name: 'x', author }), rejectsWith('InvalidRepoName'));
    assert.equal(store.listRepos().length, 1);
  });

  test('creating a repo twice is a conflict, case-insensitively', () => {
    const { store } = setup();
    assert.throws(() => store.createRepo({ type: 'model', namespace: 'Alice', name: 'M1', author }), rejectsWith('RepoExists'));
    store.createRepo({ type: 'dataset', namespace: 'alice', name: 'm1', author });
  });

  test('a move keeps the id and the data, and the old name points to the new one', async () => {
    const { store, repo } = setup();
    await store.commit({ repoId: repo.id, branch: 'main', title: 'add', author, operations: [add('a.txt', 'a')] });
    const before = head(store, repo.id);
    const moved = store.moveRepo(repo.id, 'acme', 'renamed');
    assert.equal(moved.id, repo.id);
    assert.equal(moved.fullName, 'acme/renamed');
    assert.equal(store.findRepo('model', 'alice', 'm1'), undefined);
    assert.equal(store.findMovedRepo('model', 'alice', 'm1')?.id, repo.id);
    assert.equal(head(store, moved.id), before);
  });
});

describe('commits', () => {
  test('adds, deletes and folder deletes apply atomically on top of the branch head', async () => {
    const { store, repo } = setup();
    const c1 = await store.commit({
      repoId: repo.id, branch: 'main', title: 'one', author,
      operations: [add('a/b/c.txt', 'c'), add('a/d.txt', 'd'), add('e.txt', 'e')],
    });
    assert.equal(head(store, repo.id), c1.commitOid);
    const c2 = await store.commit({
      repoId: repo.id, branch: 'main', title: 'two', author, parentCommit: c1.commitOid,
      operations: [{ type: 'deleteFolder', path: 'a/b' }, { type: 'delete', path: 'e.txt' }, { type: 'copy', from: 'a/d.txt', to: 'f.txt' }],
    });
    const paths = [...store.listTree(c2.commitOid, '', { recursive: true })].map((e) => e.path);
    assert.deepEqual(paths, ['.gitattributes', 'a', 'a/d.txt', 'f.txt']);
    assert.equal(store.getEntry(c2.commitOid, 'f.txt')?.oid, store.getEntry(c2.commitOid, 'a/d.txt')?.oid);
    assert.equal(store.getCommit(c2.commitOid)?.parents[0], c1.commitOid);
  });

  test('files over the threshold or with binary content become LFS pointers covered by .gitattributes', async () => {
    const { store, repo } = setup({ lfsThreshold: 100 });
    const big = Buffer.alloc(500, 'x');
    const c = await store.commit({
      repoId: repo.id, branch: 'main', title: 'lfs', author,
      operations: [
        { type: 'add', path: 'big.txt', content: { data: big } },
        { type: 'add', path: 'bin.dat', content: { data: Buffer.from([1, 0, 2]) } },
        add('small.txt', 'small'),
        { type: 'add', path: 'empty.bin', content: { data: Buffer.alloc(0) } },
      ],
    });
    const entry = store.getEntry(c.commitOid, 'big.txt');
    assert.equal(entry?.type, 'file');
    assert.deepEqual(entry?.type === 'file' ? entry.lfs : undefined, { oid: sha256Hex(big), size: 500, pointerSize: 128 });
    assert.ok(store.blobs.has(sha256Hex(big)));
    const bin = store.getEntry(c.commitOid, 'bin.dat');
    assert.ok(bin?.type === 'file' && bin.lfs);
    const small = store.getEntry(c.commitOid, 'small.txt');
    assert.ok(small?.type === 'file' && !small.lfs);
    const empty = store.getEntry(c.commitOid, 'empty.bin');
    assert.ok(empty?.type === 'file' && !empty.lfs, 'empty files are never LFS');
    const attributes = store.locateBlob(store.getEntry(c.commitOid, '.gitattributes')?.oid ?? '');
    assert.ok(attributes?.kind === 'inline');
    const text = attributes.data.toString();
    assert.match(text, /^big\.txt filter=lfs/m);
    assert.match(text, /^bin\.dat filter=lfs/m);
    assert.doesNotMatch(text, /^small\.txt/m);
  });

  test('a stale parentCommit gets ParentCommitMismatch and changes nothing', async () => {
    const { store, repo } = setup();
    const base = head(store, repo.id);
    await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, parentCommit: base, operations: [add('a', '1')] });
    const current = head(store, repo.id);
    await assert.rejects(
      store.commit({ repoId: repo.id, branch: 'main', title: 'two', author, parentCommit: base, operations: [add('b', '2')] }),
      rejectsWith('ParentCommitMismatch'),
    );
    assert.equal(head(store, repo.id), current);
  });

  test('concurrent commits on one parent: exactly one wins, the others get 412, none is lost', async () => {
    const { store, repo } = setup();
    const base = head(store, repo.id);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.commit({ repoId: repo.id, branch: 'main', title: `c${i}`, author, parentCommit: base, operations: [add(`f${i}`, `${i}`)] }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results) if (r.status === 'rejected') assert.ok(rejectsWith('ParentCommitMismatch')(r.reason));
    assert.equal(head(store, repo.id), won[0]?.status === 'fulfilled' ? won[0].value.commitOid : '');
  });

  test('bad paths and missing entries are refused before anything is written', async () => {
    const { store, repo, dir } = setup();
    const before = head(store, repo.id);
    for (const path of ['/abs', 'a/../b', 'nul\0byte', '', 'a//b', '.git/config', 'C:/x']) {
      await assert.rejects(
        store.commit({ repoId: repo.id, branch: 'main', title: 't', author, operations: [add('ok.txt', 'ok'), add(path, 'x')] }),
        rejectsWith('InvalidPath'),
        JSON.stringify(path),
      );
    }
    for (const path of ['../x', '..', '..\\x']) {
      await assert.rejects(
        store.commit({ repoId: repo.id, branch: 'main', title: 't', author, operations: [add('ok.txt', 'ok'), add(path, 'x')] }),
        rejectsWith('UnprocessableEntity'),
        JSON.stringify(path),
      );
    }
    await assert.rejects(
      store.commit({ repoId: repo.id, branch: 'main', title: 't', author, operations: [{ type: 'delete', path: 'missing.txt' }] }),
      (error: unknown) => rejectsWith('EntryNotFound')(error) && /A file with this name doesn't exist/.test((error as Error).message),
    );
    await assert.rejects(
      store.commit({ repoId: repo.id, branch: 'main', title: 't', author, operations: [{ type: 'addLfs', path: 'w.bin', sha256: 'a'.repeat(64), size: 3 }] }),
      rejectsWith('UnprocessableEntity'),
    );
    await assert.rejects(
      store.commit({ repoId: repo.id, branch: 'nope', title: 't', author, operations: [add('a', 'a')] }),
      rejectsWith('RevisionNotFound'),
    );
    assert.equal(head(store, repo.id), before);
    assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
  });
});

describe('refs, squash and garbage collection', () => {
  test('branches and tags resolve; HEAD is main; unknown revisions are RevisionNotFound', async () => {
    const { store, repo } = setup();
    const c = await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [add('a', 'a')] });
    store.createBranch(repo.id, 'dev');
    store.createTag(repo.id, 'v1');
    assert.throws(() => store.createBranch(repo.id, 'dev'), rejectsWith('Conflict'));
    assert.throws(() => store.createBranch(repo.id, 'refs/pr/1'), rejectsWith('BadRequest'));
    for (const rev of ['HEAD', 'main', 'dev', 'v1', 'refs/heads/dev', 'refs/tags/v1', c.commitOid]) {
      assert.equal(store.resolveRevision(repo.id, rev), c.commitOid, rev);
    }
    assert.throws(() => store.resolveRevision(repo.id, 'nope'), rejectsWith('RevisionNotFound'));
    const other = store.createRepo({ type: 'model', namespace: 'bob', name: 'x', author });
    assert.throws(() => store.resolveRevision(other.id, c.commitOid), rejectsWith('RevisionNotFound'), 'commits are scoped to their repo');
    store.deleteBranch(repo.id, 'dev');
    store.deleteTag(repo.id, 'v1');
    assert.deepEqual(store.listRefs(repo.id).tags, []);
  });

  test("squashes a pull request's ref like a branch, leaving main as it was", async () => {
    const { store, repo } = setup();
    const base = await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [add('a', 'a')] });
    const pr = store.discussions.open(repo.id, { title: 'More', description: '', author: 'alice', pullRequest: true });
    const ref = `refs/pr/${pr.num}`;
    const first = await store.commit({ repoId: repo.id, branch: ref, title: 'two', author, operations: [add('b', 'b')] });
    const second = await store.commit({ repoId: repo.id, branch: ref, title: 'three', author, operations: [add('c', 'c')] });
    const squashed = store.squash(repo.id, ref, author);
    assert.equal(squashed.treeOid, store.getCommit(second.commitOid)?.treeOid);
    assert.deepEqual([...store.history(squashed.commitOid)].map((c) => c.oid), [squashed.commitOid]);
    assert.notEqual(first.commitOid, squashed.commitOid);
    assert.equal(store.resolveRevision(repo.id, 'main'), base.commitOid);
    assert.throws(() => store.squash(repo.id, 'refs/pr/99', author), { code: 'RevisionNotFound' });
    store.createTag(repo.id, 'pr-snapshot', ref);
    assert.equal(store.resolveRevision(repo.id, 'pr-snapshot'), squashed.commitOid);
  });

  test('squash keeps the tree in one parentless commit, and GC then frees the old history', async () => {
    const { store, repo, time } = setup({ lfsThreshold: 10 });
    const content = Buffer.alloc(64, 3);
    await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [{ type: 'add', path: 'w.bin', content: { data: content } }] });
    const c2 = await store.commit({ repoId: repo.id, branch: 'main', title: 'two', author, operations: [{ type: 'delete', path: 'w.bin' }, add('b', 'b')] });
    const squashed = store.squash(repo.id, 'main', author);
    assert.equal(squashed.treeOid, store.getCommit(c2.commitOid)?.treeOid);
    assert.deepEqual([...store.history(squashed.commitOid)].map((c) => c.oid), [squashed.commitOid]);

    // Within the grace period nothing goes.
    let report = await store.collectGarbage(60_000);
    assert.equal(report.blobFilesRemoved, 0);
    assert.ok(store.blobs.has(sha256Hex(content)));
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(store.blobs.pathOf(sha256Hex(content)), old, old);
    time.advance(3_600_000);
    report = await store.collectGarbage(60_000);
    assert.equal(report.blobFilesRemoved, 1);
    assert.equal(report.bytesFreed, 64);
    assert.ok(report.objectsRemoved.commits >= 3, 'initial commit, one and two are gone');
    assert.ok(!existsSync(store.blobs.pathOf(sha256Hex(content))));
    assert.equal(store.getCommit(c2.commitOid), undefined);
    assert.deepEqual([...store.listTree(squashed.commitOid)].map((e) => e.path), ['.gitattributes', 'b']);
  });

  test('GC keeps content shared with another repo and deleted repos free theirs', async () => {
    const { store, repo, time } = setup({ lfsThreshold: 10 });
    const other = store.createRepo({ type: 'dataset', namespace: 'alice', name: 'd', author });
    const shared = Buffer.alloc(100, 9);
    for (const r of [repo, other]) {
      await store.commit({ repoId: r.id, branch: 'main', title: 'w', author, operations: [{ type: 'add', path: 'w.bin', content: { data: shared } }] });
    }
    store.deleteRepo(repo.id);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(store.blobs.pathOf(sha256Hex(shared)), old, old);
    time.advance(3_600_000);
    const report = await store.collectGarbage(1000);
    assert.equal(report.blobFilesRemoved, 0);
    assert.ok(store.blobs.has(sha256Hex(shared)));
    store.deleteRepo(other.id);
    assert.equal((await store.collectGarbage(1000)).blobFilesRemoved, 1);
  });
  test('a tree a push holds again survives a GC run before the refs move; one it does not hold goes', async () => {
    const { store, repo, time } = setup();
    const first = await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [add('kept/a.txt', 'a'), add('lost/b.txt', 'b')] });
    const folders = new Map([...store.listTree(first.commitOid)].filter((e) => e.type === 'directory').map((e) => [e.path, e.oid]));
    const kept = folders.get('kept') as string;
    const lost = folders.get('lost') as string;
    store.deleteRepo(repo.id);
    time.advance(3_600_000);

    // A push whose pack holds `kept` (a tree the store has) writes its objects; the refs have not moved yet.
    const hold = store.holdForPush();
    const pushed = pushCommit(store.gitImport({ hold }), kept);
    const during = await store.collectGarbage(60_000);
    assert.equal(during.deferredForPushes, true);
    assert.equal(store.hasGitObject('tree', kept), true, 'the push holds the store');
    assert.equal(store.hasGitObject('tree', lost), true, 'nothing goes while a push is in flight');

    moveRefAndRelease(store, hold, pushed);
    const after = await store.collectGarbage(60_000);
    assert.equal(after.deferredForPushes, false);
    assert.equal(store.hasGitObject('tree', kept), true, 'the pushed ref reaches it');
    assert.equal(store.hasGitObject('tree', lost), false, 'an unreachable tree past its grace period goes');
  });

  test('a blob a push holds again survives a GC run before the refs move; one it does not hold goes', async () => {
    const { store, repo, time } = setup();
    await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [add('a.txt', 'kept blob'), add('b.txt', 'lost blob')] });
    const keptBlob = Buffer.from('kept blob');
    const kept = gitBlobOid(keptBlob);
    const lost = gitBlobOid(Buffer.from('lost blob'));
    store.deleteRepo(repo.id);
    time.advance(3_600_000);

    const hold = store.holdForPush();
    const writer = store.gitImport({ hold });
    assert.equal(writer.putBlob(kept, keptBlob), undefined, 'a small blob is held for the batch');
    const entries = [{ name: 'a.txt', mode: FILE_MODE, oid: kept }] as const;
    const tree = hashGitObject('tree', serializeTree(entries));
    writer.putTree(tree, entries);
    const pushed = pushCommit(writer, tree);
    assert.equal((await store.collectGarbage(60_000)).deferredForPushes, true);
    assert.equal(store.hasGitObject('blob', kept), true);
    assert.equal(store.hasGitObject('blob', lost), true);

    moveRefAndRelease(store, hold, pushed);
    await store.collectGarbage(60_000);
    assert.equal(store.hasGitObject('blob', kept), true, 'the pushed ref reaches it');
    assert.equal(store.hasGitObject('blob', lost), false);
  });

  test('a push that dies without releasing its hold blocks the GC only for the grace period', async () => {
    const { store, repo, time, db } = setup();
    const first = await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [add('a.txt', 'a')] });
    store.deleteRepo(repo.id);
    time.advance(3_600_000);
    // The process is killed mid-push: its hold stays in the database, never released.
    pushCommit(store.gitImport({ hold: store.holdForPush() }), store.getCommit(first.commitOid)?.treeOid as string);
    assert.equal((await store.collectGarbage(60_000)).deferredForPushes, true);
    assert.ok(store.getCommit(first.commitOid));

    time.advance(60_001);
    const report = await store.collectGarbage(60_000);
    assert.equal(report.deferredForPushes, false);
    assert.equal(store.getCommit(first.commitOid), undefined);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM git_pushes_in_flight').get(), { n: 0 }, 'the stale hold is removed');
  });

  test('a hold whose process was killed (kill -9) stops counting at the next GC, before the grace period', async () => {
    const { store, repo, time, db, dir } = setup();
    const first = await store.commit({ repoId: repo.id, branch: 'main', title: 'one', author, operations: [add('a.txt', 'a')] });
    store.deleteRepo(repo.id);
    time.advance(3_600_000);
    // Another process takes a hold, as a push does, and is killed before it can release it.
    const script = [
      `import { openDatabase } from ${JSON.stringify(new URL('../db/index.ts', import.meta.url).href)};`,
      `import { createStore } from ${JSON.stringify(new URL('./index.ts', import.meta.url).href)};`,
      `const db = openDatabase(${JSON.stringify(join(dir, 'hub.db'))});`,
      `createStore({ db, dataDir: ${JSON.stringify(dir)} }).holdForPush();`,
      `process.kill(process.pid, 'SIGKILL');`,
    ].join('\n');
    const killed = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM git_pushes_in_flight').get(), { n: 1 });

    const report = await store.collectGarbage(24 * 3_600_000);
    assert.equal(report.deferredForPushes, false, 'its process is gone');
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM git_pushes_in_flight').get(), { n: 0 });
    assert.ok(store.getCommit(first.commitOid), 'still within the grace period: kept');
  });

  test('a push that starts after the sweep keeps the blob files the GC was about to delete', async () => {
    const { store, repo, time } = setup({ lfsThreshold: 10 });
    const content = Buffer.alloc(100, 7);
    await store.commit({ repoId: repo.id, branch: 'main', title: 'w', author, operations: [{ type: 'add', path: 'w.bin', content: { data: content } }] });
    store.deleteRepo(repo.id);
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(store.blobs.pathOf(sha256Hex(content)), old, old);
    time.advance(3_600_000);

    // The sweep runs synchronously inside the call; the files go after it, asynchronously.
    const gc = store.collectGarbage(60_000);
    const hold = store.holdForPush();
    const report = await gc;
    assert.equal(report.blobFilesRemoved, 0);
    assert.ok(store.blobs.has(sha256Hex(content)), 'the push may have found it stored');
    assert.deepEqual(await store.blobs.listTemp(), [], 'put back, not left aside');
    hold.release();
    assert.equal((await store.collectGarbage(60_000)).blobFilesRemoved, 1);
  });
});

/** Writes a commit of `tree` as a push's pack would; returns its id. */
function pushCommit(writer: GitImport, tree: string): string {
  const signature = { name: 'A', email: 'a@example.com', time: 1_700_000_000, timezone: '+0000' };
  const raw = serializeCommit({ tree, parents: [], author: signature, committer: signature, message: 'pushed\n' });
  const oid = hashGitObject('commit', raw);
  writer.putCommit(oid, raw);
  writer.flush();
  return oid;
}

function moveRefAndRelease(store: Store, hold: PushHold, commit: string): void {
  const target = store.createRepo({ type: 'model', namespace: 'alice', name: 'pushed', author });
  const [outcome] = store.applyPushRefUpdates(target.id, [{ name: 'refs/heads/main-pushed', old: undefined, next: commit }], { atomic: true });
  assert.deepEqual(outcome, { ok: true });
  hold.release();
}

describe('tree listing', () => {
  test('paging with a cursor yields every entry exactly once, in the same order as one full listing', async () => {
    const { store, repo } = setup();
    const operations = [];
    for (let i = 0; i < 300; i++) operations.push(add(`d${i % 7}/s${i % 3}/f${i}.txt`, `${i}`));
    for (let i = 0; i < 20; i++) operations.push(add(`top${i}.txt`, `${i}`));
    const c = await store.commit({ repoId: repo.id, branch: 'main', title: 'many', author, operations });
    for (const [path, recursive] of [['', true], ['', false], ['d3', true], ['d3/s1', false]] as const) {
      const full = [...store.listTree(c.commitOid, path, { recursive })].map((e) => e.path);
      for (const pageSize of [1, 7, 50]) {
        const paged: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page: string[] = [];
          for (const entry of store.listTree(c.commitOid, path, { recursive, ...(after ? { after } : {}) })) {
            page.push(entry.path);
            if (page.length === pageSize) break;
          }
          paged.push(...page);
          if (page.length < pageSize) break;
          after = page[page.length - 1];
        }
        assert.deepEqual(paged, full, `${path} recursive=${recursive} page=${pageSize}`);
      }
    }
    assert.throws(() => [...store.listTree(c.commitOid, '', { recursive: true, after: 'nope/x' })], rejectsWith('BadRequest'));
    assert.throws(() => [...store.listTree(c.commitOid, 'missing')], rejectsWith('EntryNotFound'));
  });
});
