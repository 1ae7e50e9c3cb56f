// The load of the soak benchmark: concurrent clients mixing reads (repo info, tree, resolve of a
// small file), downloads of an LFS file, LFS uploads and commits against a hub in a child process,
// with the server's RSS and open file descriptors sampled at each interval.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedHub, startHub } from './servers.js';

const KiB = 1024;
/** The LFS file the download clients fetch. */
const DOWNLOAD_BYTES = 4 * 1024 * KiB;

export type SoakOp = 'info' | 'tree' | 'resolve' | 'download' | 'upload' | 'commit';

/** How often each operation is picked (out of 100). */
const MIX: ReadonlyArray<readonly [SoakOp, number]> = [
  ['info', 25],
  ['tree', 20],
  ['resolve', 25],
  ['download', 15],
  ['upload', 5],
  ['commit', 10],
];

export interface SoakOptions {
  readonly clients: number;
  readonly durationMs: number;
  readonly intervalMs: number;
  /** Pause of each client between two requests, drawn from 0 to this (ms): a client is a person's tool, not a flood. */
  readonly maxThinkMs: number;
  readonly onInterval?: (sample: SoakInterval) => void;
}

export interface SoakInterval {
  readonly index: number;
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rssMiB: number;
  readonly fds: number;
}

export interface SoakResult {
  readonly intervals: readonly SoakInterval[];
  readonly requests: number;
  readonly errors: number;
  /** Requests and p99 latency (ms) of each operation over the whole run. */
  readonly byOp: ReadonlyMap<SoakOp, { readonly requests: number; readonly p99Ms: number }>;
  readonly firstErrors: readonly string[];
}

class Tally {
  latencies: number[] = [];
  errors = 0;
  total = 0;
  totalErrors = 0;
  readonly byOp = new Map<SoakOp, number[]>();
  readonly firstErrors: string[] = [];

  record(op: SoakOp, ms: number, error: string | undefined): void {
    this.latencies.push(ms);
    this.total++;
    const all = this.byOp.get(op) ?? [];
    all.push(ms);
    this.byOp.set(op, all);
    if (error === undefined) return;
    this.errors++;
    this.totalErrors++;
    if (this.firstErrors.length < 10) this.firstErrors.push(`${op}: ${error}`);
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeeper-soak-'));
  try {
    const bigFile = join(dataDir, 'download.bin');
    writeFileSync(bigFile, randomBytes(DOWNLOAD_BYTES));
    seedHub(join(dataDir, 'hub'), 'small');
    seedHub(join(dataDir, 'hub'), 'big', bigFile);
    rmSync(bigFile);
    const hub = await startHub(join(dataDir, 'hub'));
    try {
      const auth = { authorization: `Bearer ${hub.token}` };
      for (let i = 0; i < options.clients; i++) {
        const res = await fetch(`${hub.url}/api/models/bench/small/branch/c${i}`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{}',
        });
        if (res.status !== 200) throw new Error(`creating branch c${i} answered ${res.status}: ${await res.text()}`);
      }
      const tally = new Tally();
      const intervals: SoakInterval[] = [];
      const started = Date.now();
      const deadline = started + options.durationMs;
      const clients = Array.from({ length: options.clients }, (_, i) => client(hub.url, auth, `c${i}`, deadline, options.maxThinkMs, tally));
      for (let index = 1; Date.now() < deadline; index++) {
        await sleep(Math.max(0, Math.min(started + index * options.intervalMs, deadline) - Date.now()));
        const sorted = tally.latencies.sort((a, b) => a - b);
        const sample: SoakInterval = {
          index,
          seconds: Math.round((Date.now() - started) / 1000),
          requests: sorted.length,
          errors: tally.errors,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          rssMiB: hub.rssMiB(),
          fds: readdirSync(`/proc/${hub.pid}/fd`).length,
        };
        tally.latencies = [];
        tally.errors = 0;
        intervals.push(sample);
        options.onInterval?.(sample);
      }
      await Promise.all(clients);
      const byOp = new Map([...tally.byOp].map(([op, all]) => [op, { requests: all.length, p99Ms: percentile(all.sort((a, b) => a - b), 0.99) }]));
      return { intervals, requests: tally.total, errors: tally.totalErrors, byOp, firstErrors: tally.firstErrors };
    } finally {
      await hub.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One client: picks an operation, runs it, pauses, until the deadline. Commits go to its own branch. */
async function client(url: string, auth: Record<string, string>, branch: string, deadline: number, maxThinkMs: number, tally: Tally): Promise<void> {
  let n = 0;
  while (Date.now() < deadline) {
    const op = pick();
    const start = performance.now();
    let error: string | undefined;
    try {
      await perform(op, url, auth, branch, ++n);
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    tally.record(op, performance.now() - start, error);
    await sleep(Math.random() * maxThinkMs);
  }
}

async function perform(op: SoakOp, url: string, auth: Record<string, string>, branch: string, n: number): Promise<void> {
  switch (op) {
    case 'info':
      return expectOk(await fetch(`${url}/api/models/bench/small`, { headers: auth }));
    case 'tree':
      return expectOk(await fetch(`${url}/api/models/bench/small/tree/${branch}`, { headers: auth }));
    case 'resolve':
      return expectOk(await fetch(`${url}/bench/small/resolve/main/config.json`, { headers: auth }));
    case 'download': {
      const res = await fetch(`${url}/bench/big/resolve/main/model.safetensors`, { headers: auth });
      const size = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200 || size !== DOWNLOAD_BYTES) throw new Error(`GET answered ${res.status} with ${size} bytes`);
      return;
    }
    case 'upload': {
      const content = randomBytes(16 * KiB + Math.floor(Math.random() * 48 * KiB));
      const oid = createHash('sha256').update(content).digest('hex');
      const batch = await fetch(`${url}/bench/small.git/info/lfs/objects/batch`, {
        method: 'POST',
        headers: { ...auth, accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json' },
        body: JSON.stringify({ operation: 'upload', transfers: ['basic'], hash_algo: 'sha256', objects: [{ oid, size: content.length }] }),
      });
      const body = (await batch.json()) as { objects?: Array<{ actions?: { upload?: { href: string } } }> };
      if (batch.status !== 200) throw new Error(`LFS batch answered ${batch.status}`);
      const href = body.objects?.[0]?.actions?.upload?.href;
      if (href !== undefined) await expectOk(await fetch(href, { method: 'PUT', body: content }));
      return commit(url, auth, branch, { key: 'lfsFile', value: { path: `uploads/${n % 20}.bin`, algo: 'sha256', oid, size: content.length } });
    }
    case 'commit':
      return commit(url, auth, branch, { key: 'file', value: { path: `notes/${n % 50}.txt`, content: Buffer.from(`note ${n} ${Date.now()}`).toString('base64'), encoding: 'base64' } });
  }
}

async function commit(url: string, auth: Record<string, string>, branch: string, line: object): Promise<void> {
  const body = `${JSON.stringify({ key: 'header', value: { summary: 'soak' } })}\n${JSON.stringify(line)}\n`;
  return expectOk(await fetch(`${url}/api/models/bench/small/commit/${branch}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body }));
}

async function expectOk(res: Response): Promise<void> {
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} ${res.headers.get('x-error-code') ?? ''} ${text.slice(0, 200)}`);
}

function pick(): SoakOp {
  let roll = Math.random() * 100;
  for (const [op, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return op;
  }
  return 'info';
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}
