// Runs autocannon in its own process and prints {"rps","p50","p99","non2xx"} (latencies in ms).
// Usage: autocannon-load.ts <url> <GET|HEAD> <connections> <seconds>
// autocannon's parser waits for a body after a HEAD response that carries a Content-Length (as
// every resolve HEAD must), so for HEAD its headers callback is wrapped to say "no body follows".
import { createRequire } from 'node:module';

interface AutocannonResult {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
}

interface AutocannonClient {
  readonly parser: Record<number, (info: unknown) => unknown>;
}

type Autocannon = (
  options: {
    url: string;
    method: string;
    connections: number;
    duration: number;
    setupClient?: (client: AutocannonClient) => void;
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;
const { HTTPParser } = require('http-parser-js') as { HTTPParser: { kOnHeadersComplete: number } };

const [url, method, connections, seconds] = process.argv.slice(2) as [string, string, string, string];

function skipBodies(client: AutocannonClient): void {
  // The client installs its parser callbacks right after calling this hook.
  queueMicrotask(() => {
    const onHeaders = client.parser[HTTPParser.kOnHeadersComplete];
    if (!onHeaders) throw new Error('autocannon changed: no headers callback to wrap');
    client.parser[HTTPParser.kOnHeadersComplete] = (info) => {
      onHeaders(info);
      return true;
    };
  });
}

const result = await new Promise<AutocannonResult>((resolve, reject) => {
  autocannon(
    {
      url,
      method,
      connections: Number(connections),
      duration: Number(seconds),
      ...(method === 'HEAD' ? { setupClient: skipBodies } : {}),
    },
    (error, value) => (error ? reject(error) : resolve(value)),
  );
});
console.log(JSON.stringify({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors }));
