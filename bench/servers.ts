// Servers the read benchmarks measure, each in its own process: HubKeeper, a bare node:http
// server, and nginx. Memory figures come from /proc (Linux).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const WORKER = new URL('./hub-server-worker.ts', import.meta.url).pathname;

export interface RunningServer {
  readonly url: string;
  readonly pid: number;
  /** Peak resident memory of the process so far (VmHWM). */
  peakRssMiB(): number;
  rssMiB(): number;
  /** User + system CPU time the process has used, in seconds (robust where throughput is noisy). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** Seeds a data dir through the store in a separate process (see hub-server-worker.ts). */
export function seedHub(dataDir: string, kind: 'small' | 'big' | 'tree', arg?: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', WORKER, 'seed', dataDir, kind, ...(arg === undefined ? [] : [arg])], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`seeding ${kind} failed: ${result.stderr}`);
}

export async function startHub(dataDir: string): Promise<RunningServer & { readonly token: string }> {
  // BENCH_HUB_NODE_ARGS: extra node options for the server alone (`--cpu-prof --cpu-prof-dir=DIR` to profile it).
  const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', WORKER, 'serve', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { url, token } = (await firstJsonLine(child)) as { url: string; token: string };
  return { ...handle(child, url), token };
}

/** The peer for request rates: node:http answering a small JSON body, nothing else. */
export async function startBareJsonServer(): Promise<RunningServer> {
  const source = `
    const http = require('node:http');
    const body = JSON.stringify({ hello: 'world' });
    http.createServer((req, res) => { res.setHeader('content-type', 'application/json'); res.end(body); })
      .listen(0, '127.0.0.1', function () { console.log(JSON.stringify({ url: 'http://127.0.0.1:' + this.address().port })); });`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { url } = (await firstJsonLine(child)) as { url: string };
  return handle(child, url);
}

/** nginx serving `root` with sendfile, one process (no master), as a child we can stop. */
export async function startNginx(root: string, workDir: string): Promise<RunningServer> {
  const port = await freePort();
  mkdirSync(workDir, { recursive: true });
  const conf = join(workDir, 'nginx.conf');
  const temp = (name: string) => `${name} ${join(workDir, name.replace(/_path$/, ''))};`;
  writeFileSync(
    conf,
    `master_process off;
daemon off;
worker_processes 1;
error_log ${join(workDir, 'error.log')};
pid ${join(workDir, 'nginx.pid')};
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  ${['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map(temp).join('\n  ')}
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`,
  );
  const child = spawn('/usr/sbin/nginx', ['-p', `${workDir}/`, '-e', join(workDir, 'error.log'), '-c', conf], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url);
  return handle(child, url);
}

/** A started server process as a RunningServer: its memory and CPU read from /proc. */
export function handle(child: ChildProcess, url: string): RunningServer {
  const pid = child.pid as number;
  const status = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) / 1024;
  };
  return {
    url,
    pid,
    peakRssMiB: () => status('VmHWM'),
    rssMiB: () => status('VmRSS'),
    cpuSeconds: () => {
      // Fields after the parenthesised command name; utime and stime are the 12th and 13th (clock ticks of 1/100 s).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function firstJsonLine(child: ChildProcess): Promise<unknown> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (line.startsWith('{')) {
      child.stdout?.resume();
      return JSON.parse(line) as unknown;
    }
  }
  throw new Error('the server exited before printing its address');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url, { method: 'HEAD' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${url} did not come up`);
}
