// Child process for the crash test: opens a data dir and makes one large commit, so the parent
// can kill -9 it at any moment. Prints "ready" before the commit and "done <oid>" after.
import { join } from 'node:path';
import { openDatabase } from '../../src/main/db/index.js';
import { createStore } from '../../src/main/store/index.js';

const [dataDir, files, lfsMiB] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: commit-worker DATA_DIR FILES LFS_MIB');
const db = openDatabase(join(dataDir, 'hub.db'));
const store = createStore({ db, dataDir });
const repo = store.getRepo('model', 'alice', 'big');
const operations = Array.from({ length: Number(files ?? 2000) }, (_, i) => ({
  type: 'add' as const,
  path: `shard-${i % 50}/file-${i}.json`,
  content: { data: Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(i % 300) })) },
}));
const big = Buffer.alloc(Number(lfsMiB ?? 32) * 1024 * 1024);
for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
process.stdout.write('ready\n');
const result = await store.commit({
  repoId: repo.id,
  branch: 'main',
  title: 'large commit',
  author: { name: 'Alice', email: 'alice@example.com' },
  operations: [...operations, { type: 'add', path: 'model.safetensors', content: { data: big } }],
});
process.stdout.write(`done ${result.commitOid}\n`);
db.close();
