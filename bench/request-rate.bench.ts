// Small-request throughput: HEAD resolve and GET /api/models/{id} on a small repo, at 50
// connections with autocannon, next to a bare node:http server answering a small JSON body in
// the same run, measured by the same client. Targets: >= 20,000 req/s and p99 <= 5 ms.
// BENCH_SECONDS (default 10) per run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { line, report } from './report.js';
import { seedHub, startBareJsonServer, startHub } from './servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const LOADER = new URL('./autocannon-load.ts', import.meta.url).pathname;

interface Load {
  readonly rps: number;
  readonly p99: number;
  readonly non2xx: number;
}

/** autocannon in its own process (see autocannon-load.ts), after a one-second warm-up. */
function load(url: string, method: 'GET' | 'HEAD'): Load {
  const runFor = (seconds: number): Load => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', LOADER, url, method, String(CONNECTIONS), String(seconds)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`autocannon failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop() as string) as Load;
  };
  runFor(1);
  return runFor(SECONDS);
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hubkeeper-bench-rate-'));
  try {
    seedHub(dataDir, 'small');
    const hub = await startHub(dataDir);
    const bare = await startBareJsonServer();
    try {
      const peer = load(bare.url, 'GET');
      const head = load(`${hub.url}/bench/small/resolve/main/config.json`, 'HEAD');
      if (head.non2xx > 0) throw new Error(`HEAD resolve answered ${head.non2xx} non-2xx responses`);
      report(`HEAD resolve, ${CONNECTIONS} connections`, head.rps, peer.rps, 'req/s', 'bare node:http');
      report(`HEAD resolve p99 latency`, head.p99, peer.p99, 'ms', 'bare node:http', false);

      const probe = await fetch(`${hub.url}/api/models/bench/small`);
      if (probe.status === 404 && probe.headers.get('x-error-code') === 'NotFound') {
        line('GET /api/models/{id}', 'skipped: the repo info route is not registered');
      } else {
        const info = load(`${hub.url}/api/models/bench/small`, 'GET');
        if (info.non2xx > 0) throw new Error(`GET /api/models/{id} answered ${info.non2xx} non-2xx responses`);
        report(`GET /api/models/{id}, ${CONNECTIONS} connections`, info.rps, peer.rps, 'req/s', 'bare node:http');
        report(`GET /api/models/{id} p99 latency`, info.p99, peer.p99, 'ms', 'bare node:http', false);
      }
      // The floor of our HTTP stack (host guard, auth, request log) with no route work, for context.
      const floor = load(`${hub.url}/health`, 'GET');
      report('GET /health (our HTTP stack, no route work)', floor.rps, peer.rps, 'req/s', 'bare node:http');
      line('targets', '>= 20,000 req/s and p99 <= 5 ms');
    } finally {
      await hub.stop();
      await bare.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
