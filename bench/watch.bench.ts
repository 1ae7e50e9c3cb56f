// Watching the HF cache: CPU time at rest over 10 s on a cache of 100,000 files (BENCH_WATCH_FILES)
// in 100 repos, next to a node process doing nothing; and the time from a Python hf_hub_download
// finishing to the watcher's update (the app's `library-changed`), median of 5.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pythonWithHfHub, runPythonJsonAsync } from '../test/helpers/python-hf.js';
import { watchCacheFolder } from '../src/main/watch/index.js';
import { line, median, report } from './report.js';
import { withScratchDir } from './scratch-dir.js';
import { seedHub, startHub } from './servers.js';

const FILES = Number(process.env.BENCH_WATCH_FILES ?? 100_000);
const REPOS = 100;
const REST_SECONDS = 10;
const LATENCY_RUNS = 5;
const WORKER = new URL('./watch-worker.ts', import.meta.url).pathname;

/** A Python-layout cache: per repo one snapshot whose files link to their blobs, and refs/main. */
function writeCache(cacheDir: string): void {
  const perRepo = Math.ceil(FILES / REPOS);
  for (let r = 0; r < REPOS; r++) {
    const repo = join(cacheDir, `models--bench--repo${r}`);
    const commit = r.toString(16).padStart(40, '0');
    const snapshot = join(repo, 'snapshots', commit);
    mkdirSync(join(repo, 'blobs'), { recursive: true });
    mkdirSync(join(repo, 'refs'), { recursive: true });
    for (let folder = 0; folder < perRepo / 100; folder++) mkdirSync(join(snapshot, `part${folder}`), { recursive: true });
    writeFileSync(join(repo, 'refs', 'main'), commit);
    for (let f = 0; f < perRepo; f++) {
      const blob = `${r}-${f}`.padStart(40, '0');
      writeFileSync(join(repo, 'blobs', blob), `file ${f}`);
      symlinkSync(`../../../blobs/${blob}`, join(snapshot, `part${Math.floor(f / 100)}`, `file${f}.json`));
    }
  }
}

interface WorkerResult {
  readonly readySeconds: number;
  readonly startupCpuSeconds: number;
  readonly cpuSeconds: number;
  readonly rssMiB: number;
}

function worker(args: string[]): WorkerResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', WORKER, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`watch worker failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as WorkerResult;
}

async function downloadLatencies(cacheDir: string, root: string): Promise<number[]> {
  const python = pythonWithHfHub();
  const dataDir = join(root, 'hub');
  seedHub(dataDir, 'small');
  const hub = await startHub(dataDir);
  let waiting: ((at: number) => void) | undefined;
  const watcher = watchCacheFolder({ dir: cacheDir, onUpdate: () => waiting?.(Date.now()), onError: (error) => console.error(error) });
  await watcher.ready;
  const nextUpdate = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no update within 5 s')), 5000);
      waiting = (at) => {
        clearTimeout(timer);
        resolve(at);
      };
    });
  const env = { HF_ENDPOINT: hub.url, HF_TOKEN: hub.token, HF_HUB_CACHE: cacheDir, HF_HUB_DISABLE_XET: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1' };
  const code = 'import time\nfrom huggingface_hub import hf_hub_download\nhf_hub_download("bench/small", "README.md")\nprint(time.time() * 1000)';
  const latencies: number[] = [];
  try {
    for (let run = 0; run < LATENCY_RUNS; run++) {
      // The last update of the download is the one the Library shows it by.
      let lastUpdate = 0;
      waiting = (at) => (lastUpdate = at);
      const finishedAt = Number(await runPythonJsonAsync(python, code, env));
      if (lastUpdate <= finishedAt) lastUpdate = await nextUpdate();
      latencies.push(lastUpdate - finishedAt);
      const removed = nextUpdate();
      rmSync(join(cacheDir, 'models--bench--small'), { recursive: true });
      await removed;
    }
  } finally {
    await watcher.close();
    await hub.stop();
  }
  return latencies;
}

export async function run(): Promise<void> {
  await withScratchDir('hk-bench-watch-', async (root) => {
    const cacheDir = join(root, 'hf-cache');
    writeCache(cacheDir);
    const watching = worker(['watch', cacheDir, String(REST_SECONDS)]);
    const idle = worker(['idle', '-', String(REST_SECONDS)]);
    line(`first look at a ${FILES.toLocaleString('en')}-file cache`, `${watching.readySeconds.toFixed(2)} s`);
    report('process CPU until watching (incl. node start)', watching.startupCpuSeconds, idle.startupCpuSeconds, 'cpu-s', 'idle node', false);
    report('RSS while watching', watching.rssMiB, idle.rssMiB, 'MiB', 'idle node', false);
    report(`CPU at rest over ${REST_SECONDS} s, ${FILES.toLocaleString('en')} files`, watching.cpuSeconds, idle.cpuSeconds, 'cpu-s', 'idle node', false);
    const latencies = await downloadLatencies(cacheDir, root);
    line('Python download finished -> update (median)', `${median(latencies).toFixed(0)} ms (runs: ${latencies.map((ms) => ms.toFixed(0)).join(', ')})`);
  });
}
