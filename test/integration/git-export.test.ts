import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/main/db/index.js';
import { createStore } from '../../src/main/store/index.js';
import { exportToGit, git } from '../helpers/git-export.js';
import { tempDir } from '../helpers/temp-dir.js';

const author = { name: 'Alice', email: 'alice@example.com' };

test('a repo exported to git passes git fsck --strict with the same commit and tree ids', async () => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'hub.db'));
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const store = createStore({ db, dataDir: dir, lfsThreshold: 4096, now: () => (clock += 1000) });
  const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'm1', author });

  const big = Buffer.alloc(10_000, 7);
  const first = await store.commit({
    repoId: repo.id,
    branch: 'main',
    title: 'Add model files',
    description: 'Nested folders, an LFS file and a regular one.',
    author,
    operations: [
      { type: 'add', path: 'README.md', content: { data: Buffer.from('---\nlicense: mit\n---\n# m1\n') } },
      { type: 'add', path: 'config/model/config.json', content: { data: Buffer.from('{"hidden": 8}\n') } },
      { type: 'add', path: 'config/tokenizer.json', content: { data: Buffer.from('{}') } },
      { type: 'add', path: 'weights/w.bin', content: { data: big } },
      { type: 'add', path: 'data/table.dat', content: { data: big } },
      { type: 'add', path: 'notes/old.txt', content: { data: Buffer.from('to be deleted\n') } },
    ],
  });
  const second = await store.commit({
    repoId: repo.id,
    branch: 'main',
    parentCommit: first.commitOid,
    title: 'Remove old notes',
    author,
    operations: [
      { type: 'delete', path: 'notes/old.txt' },
      { type: 'add', path: 'config/model/extra.txt', content: { data: Buffer.from('x\n') } },
    ],
  });
  store.createTag(repo.id, 'v1', second.commitOid);

  const gitDir = join(dir, 'export.git');
  exportToGit(store, repo.id, gitDir);

  // fsck prints nothing and exits 0 when every object and link is sound.
  const fsck = execFileSync('git', ['fsck', '--strict', '--full', '--no-dangling'], { cwd: gitDir, encoding: 'utf8', stdio: 'pipe' });
  assert.equal(fsck.trim(), '');

  const log = git(gitDir, 'log', '--format=%H %T %s', 'main').trim().split('\n');
  const history = [...store.history(second.commitOid)].map((c) => `${c.oid} ${c.treeOid} ${c.title}`);
  assert.deepEqual(log, history);
  assert.equal(log.length, 3);
  assert.equal(git(gitDir, 'rev-parse', 'v1').trim(), second.commitOid);

  const lsTree = git(gitDir, 'ls-tree', '-r', '-t', 'main').trim().split('\n').map((line) => {
    const [meta, path] = line.split('\t');
    const [, type, oid] = (meta as string).split(' ');
    return `${type} ${oid} ${path}`;
  });
  const ours = [...store.listTree(second.commitOid, '', { recursive: true })].map(
    (e) => `${e.type === 'directory' ? 'tree' : 'blob'} ${e.oid} ${e.path}`,
  );
  assert.deepEqual(lsTree, ours);
  assert.ok(!ours.some((line) => line.endsWith('notes/old.txt')), 'the deleted file is gone');
  assert.ok(!ours.some((line) => line.endsWith(' notes')), 'the emptied folder is gone');

  const pointer = git(gitDir, 'cat-file', '-p', 'main:data/table.dat');
  assert.match(pointer, /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:[0-9a-f]{64}\nsize 10000\n$/);
  const attributes = git(gitDir, 'show', 'main:.gitattributes');
  assert.match(attributes, /^data\/table\.dat filter=lfs diff=lfs merge=lfs -text$/m, 'the LFS path is covered');
  assert.doesNotMatch(attributes, /^weights\/w\.bin/m, 'already covered by the default *.bin rule');
  const work = join(dir, 'work');
  execFileSync('git', ['clone', '--quiet', '--no-checkout', gitDir, work]);
  execFileSync('git', ['checkout', '--quiet', 'main', '--', '.gitattributes'], { cwd: work });
  for (const path of ['data/table.dat', 'weights/w.bin']) {
    assert.equal(git(work, 'check-attr', 'filter', '--', path).trim(), `${path}: filter: lfs`, `git sees ${path} as LFS`);
  }
  assert.equal(git(gitDir, 'show', 'main:config/model/config.json'), '{"hidden": 8}\n');
  db.close();
});
