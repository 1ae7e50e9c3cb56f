// The download engine against its peers, each client in its own process, the hub in another:
//   - one large LFS file: ours (verified while receiving, fsynced) vs curl + openssl sha256 vs @huggingface/hub,
//     and Python's huggingface_hub where it is installed
//   - parallel ranges through a proxy that caps each connection (as CDNs do): 8 connections vs 1
//   - a snapshot of many small files: ours vs @huggingface/hub
//   - resume: finishing a download killed half-way vs a fresh one
//   - peak RSS of the large download
// Knobs: BENCH_DOWNLOAD_MB (2048), BENCH_PARALLEL_MB (1024), BENCH_SMALL_FILES (1000),
// BENCH_CONNECTION_CAP_MBPS (20), BENCH_CHUNK_MB (per ranged request; default the engine's),
// BENCH_DOWNLOAD_DIR (where files are written; default the OS temp dir), BENCH_SNAPSHOT_DIR (where
// the snapshot rounds write; default /dev/shm where it is a tmpfs; see creationCostMicros()).
// Our client runs from dist/ (`npm run bench` builds it) in a plain Node process, like the peers.
import { execFileSync, spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startFaultProxy } from '../test/helpers/fault-proxy.js';
import { pythonWithHfHub, runPythonJson } from '../test/helpers/python-hf.js';
import { withScratchDir } from './scratch-dir.js';
import { line, median, report, timed } from './report.js';
import { seedHub, startHub } from './servers.js';

const MB = 1e6;
const MiB = 1024 * 1024;
const BIG_MB = Number(process.env.BENCH_DOWNLOAD_MB ?? 2048);
const PARALLEL_MB = Number(process.env.BENCH_PARALLEL_MB ?? 1024);
const SMALL_FILES = Number(process.env.BENCH_SMALL_FILES ?? 1000);
const CAP_MBPS = Number(process.env.BENCH_CONNECTION_CAP_MBPS ?? 20);
const DIR = process.env.BENCH_DOWNLOAD_DIR ?? tmpdir();
const TMPFS = 0x01021994;
const CHUNK = process.env.BENCH_CHUNK_MB === undefined ? {} : { chunkSize: Number(process.env.BENCH_CHUNK_MB) * MiB };
const WORKER = new URL('./download-worker.mjs', import.meta.url).pathname;
const BIG = 'model.safetensors';
const SNAPSHOT_ROUNDS = 3;

interface WorkerResult {
  readonly seconds: number;
  readonly maxRssKiB: number;
}

function makeFile(file: string, megabytes: number): void {
  const block = Buffer.allocUnsafe(4 * MiB);
  const fd = openSync(file, 'w');
  for (let left = Math.round(megabytes * MiB); left > 0; left -= block.length) {
    randomFillSync(block);
    writeSync(fd, block, 0, Math.min(block.length, left));
  }
  closeSync(fd);
}

/** Runs a worker without blocking this process (the throttling proxy lives here). */
async function worker(mode: string, args: Record<string, unknown>): Promise<WorkerResult> {
  const child = spawn(process.execPath, [WORKER, mode, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${mode} failed: ${stderr}`);
  return JSON.parse(stdout.trim().split('\n').pop() as string) as WorkerResult;
}

/** Python's `hf_hub_download` into a cache, timed inside Python (as the workers time themselves). */
function pythonDownload(python: string, args: { endpoint: string; token: string; repo: string; path: string; cacheDir: string }): WorkerResult {
  const code = `
import json, resource, time
from huggingface_hub import hf_hub_download
start = time.perf_counter()
hf_hub_download(${JSON.stringify(args.repo)}, ${JSON.stringify(args.path)}, cache_dir=${JSON.stringify(args.cacheDir)}, token=${JSON.stringify(args.token)})
print(json.dumps({"seconds": time.perf_counter() - start, "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
`;
  return runPythonJson(python, code, { HF_ENDPOINT: args.endpoint, HF_HUB_DISABLE_PROGRESS_BARS: '1' }) as WorkerResult;
}

/** Runs our worker until it reports `fraction` of the bytes, then kills it with SIGKILL. */
async function killAt(args: Record<string, unknown>, fraction: number): Promise<void> {
  const child = spawn(process.execPath, [WORKER, 'ours-file', JSON.stringify({ ...args, report: true })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for await (const text of createInterface({ input: child.stdout })) {
    const match = /^progress (\d+) (\d+)$/.exec(text);
    if (match && Number(match[1]) >= Number(match[2]) * fraction) {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
}

function fresh(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function run(): Promise<void> {
  const root = mkdtempSync(join(DIR, 'hubkeeper-dl-bench-'));
  const fsType = statfsSync(root).type === TMPFS ? 'tmpfs' : 'disk';
  line('download target', `${root} (${fsType})`);
  try {
    await single(root);
    await parallel(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function single(root: string): Promise<void> {
  const data = join(root, 'hub-a');
  const source = join(root, 'big.bin');
  makeFile(source, BIG_MB);
  seedHub(data, 'big', source);
  seedHub(data, 'tree', String(SMALL_FILES));
  rmSync(source);
  const hub = await startHub(data);
  try {
    const common = { endpoint: hub.url, token: hub.token };
    const bytes = BIG_MB * MiB;
    const label = `one ${BIG_MB} MiB LFS file`;

    const curlFile = join(fresh(join(root, 'curl')), BIG);
    const curl = await timed(() => {
      execFileSync('curl', ['-sSf', '-o', curlFile, `${hub.url}/bench/big/resolve/main/${BIG}`]);
      execFileSync('openssl', ['dgst', '-sha256', curlFile]);
    });
    rmSync(curlFile);
    const js = await worker('js-file', { ...common, repo: 'bench/big', path: BIG, cacheDir: fresh(join(root, 'js-cache')) });
    const python = pythonWithHfHub();
    const py = python === undefined ? undefined : pythonDownload(python, { ...common, repo: 'bench/big', path: BIG, cacheDir: fresh(join(root, 'py-cache')) });
    const dbFile = join(fresh(join(root, 'db')), 'downloads.db');
    const ours = await worker('ours-file', { ...common, repo: 'bench/big', path: BIG, cacheDir: fresh(join(root, 'cache')), dbFile });
    report(`${label} (verified, fsynced)`, bytes / MB / ours.seconds, bytes / MB / curl.seconds, 'MB/s', 'curl+openssl');
    report(`${label} (verified, fsynced)`, bytes / MB / ours.seconds, bytes / MB / js.seconds, 'MB/s', 'hf.js');
    if (py) report(`${label} (verified, fsynced)`, bytes / MB / ours.seconds, bytes / MB / py.seconds, 'MB/s', 'hf_hub (Python)');
    else line('Python huggingface_hub', 'not installed (scripts/bootstrap.sh puts it in .venv-hf)');
    const peaks = [`ours ${(ours.maxRssKiB / 1024).toFixed(0)} MiB (target < 100)`, `hf.js ${(js.maxRssKiB / 1024).toFixed(0)} MiB`];
    if (py) peaks.push(`hf_hub ${(py.maxRssKiB / 1024).toFixed(0)} MiB`);
    line(`peak RSS, ${label}`, peaks.join(', '));

    const resumeArgs = { ...common, repo: 'bench/big', path: BIG, cacheDir: fresh(join(root, 'cache')), dbFile: join(fresh(join(root, 'db')), 'downloads.db') };
    await killAt(resumeArgs, 0.5);
    const resumed = await worker('ours-file', resumeArgs);
    report(`finish ${label} killed at 50%`, resumed.seconds, ours.seconds, 's', 'fresh', false);
    line('resume time / fresh time', `${(resumed.seconds / ours.seconds).toFixed(2)} (target <= 0.6)`);

    await snapshots(common, root);
  } finally {
    await hub.stop();
  }
}

/**
 * Microseconds to create a small file and a symlink to it, over `count` of them in a new folder of
 * `dir`. Creating files is most of what a snapshot of small files costs, and on this VM that cost
 * depends on the file system's recent past: its root is ext4 without a journal, where allocating
 * an inode skips, one by one, every inode of the block group freed in the last minutes (ext4's
 * recently_deleted check, made only without a journal). After the tests delete thousands of
 * files under /tmp a file and its symlink there have cost 100-400 µs instead of 10-20 µs, which
 * then bounds a snapshot by the kernel's allocator. So the snapshot rounds run on a tmpfs where
 * there is one (journaled file systems have no such check either: ext4, xfs, APFS, NTFS), and
 * the cost on both is printed. The probe's files stay until the caller's clean-up: deleting
 * them now would slow what follows.
 */
function creationCostMicros(dir: string, count = 300): number {
  const probe = mkdtempSync(join(dir, 'create-probe-'));
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    writeFileSync(join(probe, `f${i}`), '{}', { flag: 'wx' });
    symlinkSync(`f${i}`, join(probe, `l${i}`));
  }
  return ((performance.now() - start) * 1000) / count;
}

function snapshotDir(downloadRoot: string): string {
  const chosen = process.env.BENCH_SNAPSHOT_DIR;
  if (chosen !== undefined) return chosen;
  return existsSync('/dev/shm') && statfsSync('/dev/shm').type === TMPFS ? '/dev/shm' : downloadRoot;
}

async function snapshots(common: { endpoint: string; token: string }, downloadRoot: string): Promise<void> {
  await withScratchDir('hubkeeper-snapshot-bench-', async (root) => {
    const costs = [`${creationCostMicros(downloadRoot).toFixed(0)} µs in ${downloadRoot}`];
    if (!root.startsWith(downloadRoot)) costs.push(`${creationCostMicros(root).toFixed(0)} µs in ${root}`);
    line('create a file + a symlink', costs.join(', '));
    line('snapshot target', `${root} (${statfsSync(root).type === TMPFS ? 'tmpfs' : 'disk'})`);
    // Alternate the clients, median of three each.
    const seconds = { js: [] as number[], ours: [] as number[] };
    for (let round = 0; round < SNAPSHOT_ROUNDS; round++) {
      execFileSync('sync');
      seconds.js.push((await worker('js-snapshot', { ...common, repo: 'bench/tree', cacheDir: fresh(join(root, `js-cache-${round}`)) })).seconds);
      execFileSync('sync');
      seconds.ours.push((await worker('ours-snapshot', { ...common, repo: 'bench/tree', cacheDir: fresh(join(root, `cache-${round}`)) })).seconds);
    }
    report(`snapshot of ${SMALL_FILES} small files (median of ${SNAPSHOT_ROUNDS})`, SMALL_FILES / median(seconds.ours), SMALL_FILES / median(seconds.js), 'files/s', 'hf.js');
  }, snapshotDir(downloadRoot));
}

async function parallel(root: string): Promise<void> {
  const data = join(root, 'hub-b');
  const source = join(root, 'parallel.bin');
  makeFile(source, PARALLEL_MB);
  seedHub(data, 'big', source);
  rmSync(source);
  const hub = await startHub(data);
  const proxy = await startFaultProxy(hub.url, { bytesPerSecondPerConnection: CAP_MBPS * MB });
  try {
    const args = { endpoint: proxy.url, token: hub.token, repo: 'bench/big', path: BIG, ...CHUNK };
    const one = await worker('ours-file', { ...args, connections: 1, cacheDir: fresh(join(root, 'cache')) });
    const eight = await worker('ours-file', { ...args, connections: 8, cacheDir: fresh(join(root, 'cache')) });
    const bytes = PARALLEL_MB * MiB;
    report(`${PARALLEL_MB} MiB, ${CAP_MBPS} MB/s per connection`, bytes / MB / eight.seconds, bytes / MB / one.seconds, 'MB/s', '1 conn');
  } finally {
    await proxy.close();
    await hub.stop();
  }
}
