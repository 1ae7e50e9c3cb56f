import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { openDatabase } from '../../src/main/db/index.js';
import { createStore } from '../../src/main/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const author = { name: 'Alice', email: 'alice@example.com' };
const worker = new URL('../helpers/commit-worker.ts', import.meta.url).pathname;

/** Runs the worker and kills it with SIGKILL `delayMs` after it says "ready"; returns whether it finished first. */
function commitAndKill(dataDir: string, delayMs: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, dataDir, '3000', '48'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let done: string | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
      if (line.startsWith('done ')) done = line.slice(5);
    });
    child.on('error', reject);
    child.on('exit', () => resolve(done));
  });
}

function open(dataDir: string) {
  const db = openDatabase(join(dataDir, 'hub.db'));
  return { db, store: createStore({ db, dataDir }) };
}

test('kill -9 at any point of a large commit leaves the previous head or the whole new commit, and the store consistent', async (t) => {
  const dataDir = tempDir();
  let previousHead: string;
  {
    const { db, store } = open(dataDir);
    const repo = store.createRepo({ type: 'model', namespace: 'alice', name: 'big', author });
    await store.commit({ repoId: repo.id, branch: 'main', title: 'seed', author, operations: [{ type: 'add', path: 'seed.txt', content: { data: Buffer.from('seed') } }] });
    previousHead = store.resolveRevision(repo.id, 'main');
    db.close();
  }

  let interrupted = 0;
  let finishedHead: string | undefined;
  for (const delay of [0, 5, 25, 60, 120, 250, 400, 700, 1000, 1500]) {
    const done = await commitAndKill(dataDir, delay);
    const { db, store } = open(dataDir);
    store.recover();
    const repo = store.getRepo('model', 'alice', 'big');
    const head = store.resolveRevision(repo.id, 'main');
    const report = await store.checkIntegrity({ rehash: true });
    assert.deepEqual(report.problems, [], `consistent after a kill at ${delay} ms`);
    if (head === previousHead) {
      assert.equal(done, undefined, 'a commit reported done is on the branch');
      interrupted++;
    } else {
      // The new head is the whole commit: every file is there.
      const files = [...store.listTree(head, '', { recursive: true })].filter((e) => e.type === 'file');
      assert.equal(files.length, 3000 + 3, 'seed.txt, .gitattributes, model.safetensors and 3000 files');
      assert.equal(store.getCommit(head)?.parents[0], previousHead);
      finishedHead = head;
      db.close();
      break;
    }
    db.close();
  }
  assert.ok(interrupted >= 1, 'at least one commit was killed part-way');
  t.diagnostic(`interrupted ${interrupted}, finished: ${finishedHead !== undefined}`);

  // After the crashes, the store accepts commits as usual.
  const { db, store } = open(dataDir);
  const repo = store.getRepo('model', 'alice', 'big');
  const head = finishedHead ?? previousHead;
  const next = await store.commit({ repoId: repo.id, branch: 'main', parentCommit: head, title: 'after', author, operations: [{ type: 'add', path: 'after.txt', content: { data: Buffer.from('ok') } }] });
  assert.equal(store.resolveRevision(repo.id, 'main'), next.commitOid);
  db.close();
});
