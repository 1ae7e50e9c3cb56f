// A HubKeeper core in its own process, so a benchmark measures the server's CPU and memory
// apart from the client's. Usage:
//   hub-server-worker.ts seed <dataDir> small
//   hub-server-worker.ts seed <dataDir> big <file>        (the file becomes bench/big's LFS model.safetensors)
//   hub-server-worker.ts seed <dataDir> tree <files>      (bench/tree: <files> files in folders of 1,000)
//   hub-server-worker.ts seed <dataDir> catalog <files> <repos> [<bigRepoFiles>]   (bench/catalog-remote.ts: the catalog benchmark's remote)
//   hub-server-worker.ts serve <dataDir>                  (prints {"url","token"}; runs until SIGTERM)
// BENCH_LOG_LEVEL sets the server's log level (default info, as `hubkeeper serve` runs).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/main/config.js';
import { createCore } from '../src/main/core.js';
import { openDatabase } from '../src/main/db/index.js';
import { createStore, type CommitOperation } from '../src/main/store/index.js';
import { seedCatalogRemote } from './catalog-remote.js';

export const BENCH_TOKEN = 'hf_bench_0123456789abcdef';
const author = { name: 'bench', email: 'bench@example.com' };

const [command, dataDir, kind, arg, arg2, arg3] = process.argv.slice(2) as [string, string, string | undefined, string | undefined, string | undefined, string | undefined];

async function seed(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, 'hubkeeper.db'));
  const store = createStore({ db, dataDir });
  const name = kind ?? 'small';
  if (name === 'catalog') {
    const repos = await seedCatalogRemote(store, { totalFiles: Number(arg), repos: Number(arg2), ...(arg3 === undefined ? {} : { bigRepoFiles: Number(arg3) }) });
    console.log(JSON.stringify({ repos }));
    db.close();
    return;
  }
  const repo = store.createRepo({ type: 'model', namespace: 'bench', name, author });
  let operations: CommitOperation[];
  if (name === 'big') {
    operations = [{ type: 'add', path: 'model.safetensors', content: { file: arg as string, link: true }, lfs: 'always' }];
  } else if (name === 'tree') {
    const count = Number(arg);
    operations = Array.from({ length: count }, (_, i) => ({
      type: 'add' as const,
      path: `folder-${String(Math.floor(i / 1000)).padStart(3, '0')}/file-${String(i).padStart(6, '0')}.json`,
      content: { data: Buffer.from(`{"i":${i}}`) },
    }));
  } else {
    operations = [
      { type: 'add', path: 'config.json', content: { data: Buffer.from('{"model_type":"bert","hidden_size":768}\n') } },
      { type: 'add', path: 'README.md', content: { data: Buffer.from('---\nlicense: mit\n---\n# small\n') } },
      { type: 'add', path: 'model.safetensors', content: { data: Buffer.alloc(64 * 1024, 1) }, lfs: 'always' },
    ];
  }
  const result = await store.commit({ repoId: repo.id, branch: 'main', title: `bench ${name}`, author, operations });
  console.log(JSON.stringify({ commit: result.commitOid }));
  db.close();
}

async function serve(): Promise<void> {
  const config = loadConfig({}, { dataDir, host: '127.0.0.1', port: 0, bootstrapUser: 'bench', bootstrapToken: BENCH_TOKEN, logLevel: process.env.BENCH_LOG_LEVEL ?? 'info' });
  const core = createCore(config);
  const { url } = await core.start();
  console.log(JSON.stringify({ url, token: BENCH_TOKEN }));
  if (process.env.BENCH_MEMORY_LOG) {
    setInterval(() => {
      const m = process.memoryUsage();
      const mb = (n: number) => (n / 1048576).toFixed(1);
      process.stderr.write(`mem rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)}\n`);
    }, 10_000).unref();
  }
  process.once('SIGTERM', () => void core.stop().then(() => process.exit(0)));
}

if (command === 'seed') await seed();
else if (command === 'serve') await serve();
else throw new Error(`unknown command ${command}`);
