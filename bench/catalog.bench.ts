// Structure tracking at scale (issue 14). A remote HubKeeper (its own process) holds 200 repos
// with 1,000,000 files in total, seeded through the store. The catalog (its own process running the
// compiled code, for its peak RSS) tracks them all and refreshes: timed beside Python huggingface_hub's
// list_repo_tree(recursive=True) over the same repos in the same run; then a refresh with
// nothing changed. Then queries on the stored entries (p50/p99 in this process), the diff of two
// revisions of a big dataset 1% apart, and the database size.
// Options: --quick (20 repos, 100,000 files), --files N, --repos N, --big N (files of each of the
// 3 large datasets; default 100,000 capped at a tenth of the files), --keep-db FILE (copy the
// catalog database there at the end, to study queries on it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Catalog, parseFindQuery, type CatalogFile, type FindQuery } from '../src/main/catalog/index.js';
import { openDatabase } from '../src/main/db/index.js';
import { UpstreamClient } from '../src/main/upstream/index.js';
import { configJson, pathsToModify, text, weights, type PlannedRepo } from './catalog-remote.js';
import { line, report, timed } from './report.js';
import { startHub, type RunningServer } from './servers.js';

const WORKER = new URL('./hub-server-worker.ts', import.meta.url).pathname;
const REFRESH_WORKER = new URL('./catalog-refresh-worker.mjs', import.meta.url).pathname;
const PYTHON = new URL('../.venv-hf/bin/python', import.meta.url).pathname;
/** The node flags of bin/hubkeeper.js's shebang (`#!/usr/bin/env -S node --max-semi-space-size=4`). */
const COMMAND_NODE_FLAGS = (/^#!.*\bnode\b(.*)$/m.exec(readFileSync(new URL('../bin/hubkeeper.js', import.meta.url), 'utf8'))?.[1] ?? '').trim().split(/\s+/);
const QUERY_RUNS = 50;
const MAX_QUERY_RUNS = 200;
/** A query slower than this on its first run is timed fewer times (at most 5, about 10 s in all; the line says so). */
const SLOW_QUERY_MS = 500;
const SEED_LIMIT_SECONDS = 180;

interface Options {
  readonly files: number;
  readonly repos: number;
  readonly big: number | undefined;
}

function parseOptions(args: readonly string[]): Options {
  const quick = args.includes('--quick');
  const valueOf = (flag: string): number | undefined => {
    const at = args.indexOf(flag);
    if (at === -1) return undefined;
    const value = Number(args[at + 1]);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${flag} needs a positive whole number`);
    return value;
  };
  return { files: valueOf('--files') ?? (quick ? 100_000 : 1_000_000), repos: valueOf('--repos') ?? (quick ? 20 : 200), big: valueOf('--big') };
}

/** `ours` against a target (lower is better): the line says MISS when it is not met. */
function target(label: string, ours: number, limit: number, unit: string): void {
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
  line(label, `ours ${fmt(ours).padStart(9)} ${unit.padEnd(8)} target <= ${fmt(limit)} ${unit}${ours <= limit ? '' : '   MISS'}`);
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

interface Latencies {
  readonly p50: number;
  readonly p99: number;
  /** The 99th percentile of the process's CPU time per run: what the query costs, without the waits for a core a loaded machine adds to p99. */
  readonly cpuP99: number;
  readonly runs: number;
}

/**
 * Times a query after one untimed run (the statement's first step, pages read from the OS cache):
 * at least 50 runs and up to 200 within about 3 s, so that p99 is not merely the slowest of 50
 * on a shared machine; 5 at most when a run takes over SLOW_QUERY_MS.
 */
function latencies(fn: () => unknown): Latencies {
  const once = (): [number, number] => {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    fn();
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    return [wall, (used.user + used.system) / 1000];
  };
  once();
  const first = once();
  const runs = first[0] > SLOW_QUERY_MS ? Math.max(1, Math.min(5, Math.floor(10_000 / first[0]))) : Math.min(MAX_QUERY_RUNS, Math.max(QUERY_RUNS, Math.floor(3000 / first[0])));
  const all = [first, ...Array.from({ length: runs - 1 }, once)];
  const times = all.map(([wall]) => wall).sort((a, b) => a - b);
  const cpu = all.map(([, used]) => used).sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), cpuP99: percentile(cpu, 0.99), runs };
}

/** Times one call: the first question after a change, which may bring kept answers up to date. */
function firstQuestion<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

function queryLine(label: string, measured: Latencies, p50Limit: number, p99Limit: number, note: string): void {
  const ok = measured.p50 <= p50Limit && measured.p99 <= p99Limit;
  const runs = measured.runs < QUERY_RUNS ? `${measured.runs} runs: too slow for ${QUERY_RUNS}` : `${measured.runs} runs after one untimed`;
  line(label, `p50 ${measured.p50.toFixed(2).padStart(8)} ms  p99 ${measured.p99.toFixed(2).padStart(8)} ms  target ${p50Limit}/${p99Limit} ms${ok ? '' : '   MISS'}  (CPU p99 ${measured.cpuP99.toFixed(2)} ms; ${runs}; ${note})`);
}

function seedRemote(dataDir: string, options: Options): { repos: PlannedRepo[]; seconds: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', 'tsx', WORKER, 'seed', dataDir, 'catalog', String(options.files), String(options.repos)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`seeding the remote failed: ${result.stderr}`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const { repos } = JSON.parse(result.stdout.trim().split('\n').pop() as string) as { repos: PlannedRepo[] };
  return { repos, seconds };
}

interface RefreshFigures {
  readonly fullSeconds: number;
  readonly unchangedSeconds: number;
  readonly peakRssMiB: number;
  readonly baseRssMiB: number;
  readonly fullCpuSeconds: number;
  readonly fullWrittenMB: number | null;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly errors: string[];
}

function refreshAll(dbFile: string, hub: RunningServer, repos: readonly PlannedRepo[]): RefreshFigures {
  // Node starts with the flags the installed command's shebang gives it (`hubkeeper track refresh`
  // runs so), and BENCH_CATALOG_NODE_ARGS (say --cpu-prof --cpu-prof-dir=DIR).
  const nodeArgs = [...COMMAND_NODE_FLAGS, ...(process.env['BENCH_CATALOG_NODE_ARGS'] ?? '').split(' ')].filter((arg) => arg !== '');
  const result = spawnSync(process.execPath, [...nodeArgs, REFRESH_WORKER, dbFile, hub.url, JSON.stringify(repos)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the catalog refresh failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as RefreshFigures;
}

/** Python huggingface_hub listing every repo's tree, recursively, in one process; its own clock around the loop. */
function pythonListing(hub: RunningServer, repos: readonly PlannedRepo[]): { seconds: number; cpuSeconds: number; entries: number } {
  const script = `
import json, sys, time
from huggingface_hub import HfApi
repos = json.loads(sys.stdin.read())
api = HfApi()
start = time.perf_counter()
cpu = time.process_time()
entries = 0
for repo in repos:
    for _ in api.list_repo_tree(repo['repo'], repo_type=repo['type'], recursive=True):
        entries += 1
print(json.dumps({'seconds': time.perf_counter() - start, 'cpuSeconds': time.process_time() - cpu, 'entries': entries}))
`;
  const env: NodeJS.ProcessEnv = { ...process.env, HF_ENDPOINT: hub.url, HF_HUB_DISABLE_TELEMETRY: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1', HF_HUB_DISABLE_XET: '1', HF_HUB_OFFLINE: '0' };
  delete env.HF_TOKEN;
  const result = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(repos), encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`python list_repo_tree failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { seconds: number; cpuSeconds: number; entries: number };
}

/**
 * Lists every repo fully (untimed) so neither side meets a cold server: with only a few warmed,
 * the side listing first paid for the rest, and ours went first (at 300,000 files: our refresh
 * cost the server 25.0 s of CPU first after its start, 7.9 s the next time; Python's listing
 * 6.3 s, then 5.3 s).
 */
async function warmUp(hub: RunningServer, repos: readonly PlannedRepo[]): Promise<void> {
  for (const repo of repos) {
    let url: string | undefined = `${hub.url}/api/${repo.type}s/${repo.repo}/tree/main?recursive=true`;
    while (url !== undefined) {
      const response: Response = await fetch(url);
      await response.arrayBuffer();
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
      url = next === undefined ? undefined : new URL(next, url).toString();
    }
  }
}

/** Waits (up to a minute) until the server's start-up work is over: under 50 ms of CPU in a second. */
async function untilIdle(hub: RunningServer): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const before = hub.cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (hub.cpuSeconds() - before < 0.05) return;
  }
}

/** Modifies `paths` of a repo on the remote in one commit (NDJSON commit API); returns the new commit. */
async function modifyOnRemote(hub: RunningServer & { token: string }, repo: PlannedRepo, paths: readonly string[]): Promise<string> {
  const lines = [
    { key: 'header', value: { summary: `modify ${paths.length} files` } },
    ...paths.map((path) => ({ key: 'file', value: { path, encoding: 'base64', content: text(`modified ${path}`).toString('base64') } })),
  ];
  // A connection of its own: a kept-alive one may have been closed by the server meanwhile, and a POST is not retried.
  const body = lines.map((entry) => JSON.stringify(entry)).join('\n');
  const reply = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const sent = request(`${hub.url}/api/${repo.type}s/${repo.repo}/commit/main`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/x-ndjson', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
  if (reply.status !== 200) throw new Error(`commit to ${repo.repo}: ${reply.status} ${reply.text}`);
  return (JSON.parse(reply.text) as { commitOid: string }).commitOid;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const gitOid = (data: Buffer): string => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

export async function run(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const options = parseOptions(args);
  const root = mkdtempSync(join(tmpdir(), 'hubkeeper-bench-catalog-'));
  try {
    const remoteDir = join(root, 'remote');
    const seeded = seedRemote(remoteDir, options);
    const totalFiles = seeded.repos.reduce((sum, repo) => sum + repo.files, 0);
    const big = seeded.repos[0] as PlannedRepo;
    line('remote', `${seeded.repos.length} repos, ${totalFiles} files (${seeded.repos.filter((r) => r.type === 'dataset').length} datasets of ${big.files})`);
    target('seeding the remote through the store', seeded.seconds, SEED_LIMIT_SECONDS, 's');
    if (seeded.seconds > SEED_LIMIT_SECONDS) line('', `seeding is over ${SEED_LIMIT_SECONDS} s here: use --files N for a smaller remote`);

    const hub = await startHub(remoteDir);
    const catalogDb = join(root, 'catalog.db');
    try {
      await warmUp(hub, seeded.repos);
      await untilIdle(hub);
      const serverBefore = hub.cpuSeconds();
      const refresh = refreshAll(catalogDb, hub, seeded.repos);
      const serverForUs = hub.cpuSeconds() - serverBefore;
      if (refresh.failed > 0) line('REFRESH FAILURES', `${refresh.failed}: ${refresh.errors.join(' | ')}`);
      const serverBeforePython = hub.cpuSeconds();
      const python = pythonListing(hub, seeded.repos);
      const serverForPython = hub.cpuSeconds() - serverBeforePython;
      report(`full refresh of ${seeded.repos.length} repos (storing included)`, refresh.fullSeconds, python.seconds, 's', 'hf list_repo_tree', false);
      line('  target: ours >= 1.50x faster', python.seconds / refresh.fullSeconds >= 1.5 ? 'ok' : 'MISS');
      // Wall time on a shared 2-core machine swings with other load; CPU seconds do not.
      report('  CPU seconds, client + server', refresh.fullCpuSeconds + serverForUs, python.cpuSeconds + serverForPython, 's', 'hf list_repo_tree', false);
      line('  CPU split (client / server)', `ours ${refresh.fullCpuSeconds.toFixed(2)} / ${serverForUs.toFixed(2)} s, huggingface_hub ${python.cpuSeconds.toFixed(2)} / ${serverForPython.toFixed(2)} s`);
      line('  entries listed by huggingface_hub', `${python.entries} (files and folders); ${refresh.updated} repos stored`);
      if (refresh.fullWrittenMB !== null) line('  written to disk by the full refresh', `${refresh.fullWrittenMB.toFixed(0)} MB (WAL and checkpoints; every commit writes the index pages it touched)`);
      target('re-refresh, nothing changed (all repos)', refresh.unchangedSeconds, 2, 's');
      // The issue's limits are in MB (10^6 bytes); MiB are printed beside them.
      target('peak RSS of the catalog process during refresh', (refresh.peakRssMiB * 1048576) / 1e6, 200, 'MB');
      line('  the same in MiB', `${refresh.peakRssMiB.toFixed(1)} MiB (the target is 190.7 MiB)`);
      line('  RSS of that process before the refresh', `${refresh.baseRssMiB.toFixed(0)} MiB (node and the compiled modules loaded; node ${COMMAND_NODE_FLAGS.join(' ')}, as bin/hubkeeper.js starts it)`);

      const db = openDatabase(catalogDb);
      const client = new UpstreamClient();
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
        const bytes = statSync(catalogDb).size + (existsSync(`${catalogDb}-wal`) ? statSync(`${catalogDb}-wal`).size : 0);
        const catalog = new Catalog({ db, client, tokens: () => undefined });
        const counts = catalog.counts();
        target('database size per million files', (bytes / 1e6) * (1_000_000 / totalFiles), 150, 'MB');
        line('  stored rows', `${counts.folders} folders, ${counts.entries} entries for ${totalFiles} files (${(bytes / 1048576).toFixed(1)} MiB)`);
        line('  largest tables and indexes', largestStructures(db, totalFiles));
        runQueries(catalog);
        await measureDiff(catalog, hub, big);
      } finally {
        await client.close();
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
      const keepAt = args.indexOf('--keep-db');
      if (keepAt !== -1 && args[keepAt + 1] !== undefined) copyFileSync(catalogDb, args[keepAt + 1] as string);
    } finally {
      await hub.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function runQueries(catalog: Catalog): void {
  const find = (query: FindQuery) => (): CatalogFile[] => catalog.find(query);
  const lookups: Array<[string, FindQuery]> = [
    ['find by sha256 (one LFS shard)', parseFindQuery({ hash: sha256(weights('m5-1')) })],
    ['find by git oid (a config.json 1/8 of models share)', parseFindQuery({ hash: gitOid(configJson(3)) })],
    ['find glob *.gguf', parseFindQuery({ file: '*.gguf' })],
    ['find glob **/config.json', parseFindQuery({ file: '**/config.json' })],
    ['find extension gguf', parseFindQuery({ ext: 'gguf' })],
    ['find name substring "tokenizer_conf"', parseFindQuery({ name: 'tokenizer_conf' })],
  ];
  for (const [label, query] of lookups) {
    const hits = catalog.find(query).length;
    queryLine(label, latencies(find(query)), 5, 20, `${hits} files`);
  }
  // What `hubkeeper duplicates` and the Duplicates tab ask first: the totals and the first page by waste.
  const first = firstQuestion(() => catalog.duplicates().count);
  target('duplicates, first question after the refresh', first.ms, 200, 'ms');
  const count = first.value;
  queryLine('duplicates (totals, first 100 by waste)', latencies(() => catalog.duplicates()), 200, 200, `${count} contents`);
}

async function measureDiff(catalog: Catalog, hub: RunningServer & { token: string }, big: PlannedRepo): Promise<void> {
  const selector = { repo: big.repo, repoType: big.type };
  const before = catalog.list().find((repo) => repo.repo === big.repo)?.commit as string;
  const paths = pathsToModify(big.files, 0.01);
  const after = await modifyOnRemote(hub, big, paths);
  const refreshed = await timed(() => catalog.refresh(selector));
  const status = refreshed.value[0]?.status;
  line(`refresh of ${big.repo} after ${paths.length} files changed`, `${refreshed.seconds.toFixed(2)} s (${status})`);
  const duplicates = firstQuestion(() => catalog.duplicates().count);
  target(`duplicates, first question after ${big.repo}'s refresh`, duplicates.ms, 200, 'ms');
  const diff = catalog.diff(selector, before, after);
  const right = diff.modified.length === paths.length && diff.added.length === 0 && diff.removed.length === 0;
  queryLine(`diff of two ${big.files}-file revisions (1% modified)`, latencies(() => catalog.diff(selector, before, after)), 200, 200,
    `${diff.modified.length} modified${right ? '' : ` WRONG: expected ${paths.length}`}`);
}

/** The five largest tables and indexes of the catalog (SQLite's dbstat), in MB per million files. */
function largestStructures(db: ReturnType<typeof openDatabase>, totalFiles: number): string {
  const rows = db.prepare<[], { name: string; bytes: number }>('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 5').all();
  return rows.map((row) => `${row.name.replace(/^catalog_entries_?/, 'entries ').trim()} ${((row.bytes / 1e6) * (1_000_000 / totalFiles)).toFixed(1)}`).join(', ');
}
