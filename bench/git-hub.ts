// The hub of the git benchmark as users run it: `hubkeeper serve` (bin/hubkeeper.js, the compiled
// dist/ that `npm run bench` builds first), in its own process, with a bootstrap token.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { handle, type RunningServer } from './servers.js';

/** BENCH_HUB_CLI: another checkout's bin/hubkeeper.js (built), to compare two versions of the hub. */
const CLI = process.env.BENCH_HUB_CLI ?? new URL('../bin/hubkeeper.js', import.meta.url).pathname;
const TOKEN = 'hf_bench_0123456789abcdef';
const LISTENING = /^HubKeeper listening on (\S+)/;

/** BENCH_HUB_NODE_ARGS: extra node options for the hub alone (`--cpu-prof --cpu-prof-dir=DIR`). */
export async function startServedHub(dataDir: string): Promise<RunningServer & { readonly token: string }> {
  const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const env = { ...process.env, HUBKEEPER_BOOTSTRAP_USER: 'bench', HUBKEEPER_BOOTSTRAP_TOKEN: TOKEN };
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The interface stays open: it drains the hub's log lines (a full pipe would stall the hub).
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (text) => {
      const match = LISTENING.exec(text)?.[1];
      if (match !== undefined) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`hubkeeper serve exited (code ${code}) before printing its address`)));
  });
  return { ...handle(child, url), token: TOKEN };
}
