// `npm run soak -- --minutes 10` (or `--seconds 20`): 100 concurrent clients mixing reads (repo
// info, tree, resolve), downloads of an LFS file, LFS uploads and commits against a hub in a child
// process. Prints, at each interval (a minute), the requests, errors, p50/p99 latency and the
// server's RSS and open file descriptors; at the end, each figure of the last interval against
// the first one after warm-up (the peer): RSS and fds must grow less than 10%, and no request may
// fail. Exits 1 otherwise. `--clients` and `--think-ms` (the longest pause between two requests
// of a client) shape the load.
import { parseArgs } from 'node:util';
import { line } from './report.js';
import { runSoak, type SoakInterval, type SoakResult } from './soak-load.js';

/** Allowed growth of RSS and open fds between the first interval after warm-up and the last. */
export const MAX_GROWTH = 0.1;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    seconds: { type: 'string' },
    clients: { type: 'string', default: '100' },
    'think-ms': { type: 'string', default: '100' },
  },
});
const durationMs = values.seconds !== undefined ? Number(values.seconds) * 1000 : Number(values.minutes ?? 10) * 60_000;
const clients = Number(values.clients);
const maxThinkMs = Number(values['think-ms']);
if (!(durationMs > 0) || !Number.isInteger(clients) || clients < 1 || !(maxThinkMs >= 0)) {
  process.stderr.write('usage: npm run soak -- [--minutes N | --seconds N] [--clients N] [--think-ms N]\n');
  process.exit(2);
}
// A minute per interval; a short run is cut in four so it still shows a trend.
const intervalMs = durationMs >= 3 * 60_000 ? 60_000 : durationMs / 4;

console.log(`soak: ${clients} clients for ${durationMs / 1000} s, one line every ${intervalMs / 1000} s`);
const result = await runSoak({ clients, durationMs, intervalMs, maxThinkMs, onInterval: print });
process.exitCode = summarize(result) ? 0 : 1;

function print(sample: SoakInterval): void {
  line(
    `interval ${sample.index} (${sample.seconds} s)`,
    `${sample.requests} requests, ${sample.errors} errors, p50 ${sample.p50Ms.toFixed(1)} ms, p99 ${sample.p99Ms.toFixed(1)} ms, RSS ${sample.rssMiB.toFixed(0)} MiB, fds ${sample.fds}`,
  );
}

/** Prints the totals and the last interval against the first after warm-up; true when the run passes. */
function summarize(result: SoakResult): boolean {
  line('requests', `${result.requests}, ${result.errors} errors`);
  for (const [op, figures] of result.byOp) line(`  ${op}`, `${figures.requests} requests, p99 ${figures.p99Ms.toFixed(1)} ms`);
  for (const error of result.firstErrors) line('  error', error);
  // The first interval is the warm-up (caches filling, JIT); the second is the reference when there is one.
  const first = result.intervals.length > 2 ? result.intervals[1] : result.intervals[0];
  const last = result.intervals[result.intervals.length - 1];
  if (!first || !last) return result.errors === 0;
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const rss = ratio(last.rssMiB, first.rssMiB);
  const fds = ratio(last.fds, first.fds);
  line(`RSS, last vs interval ${first.index}`, `${last.rssMiB.toFixed(0)} MiB vs ${first.rssMiB.toFixed(0)} MiB, ratio ${rss.toFixed(2)}x`);
  line(`open fds, last vs interval ${first.index}`, `${last.fds} vs ${first.fds}, ratio ${fds.toFixed(2)}x`);
  line(`p99, last vs interval ${first.index}`, `${last.p99Ms.toFixed(1)} ms vs ${first.p99Ms.toFixed(1)} ms, ratio ${ratio(last.p99Ms, first.p99Ms).toFixed(2)}x`);
  line(`throughput, last vs interval ${first.index}`, `ratio ${ratio(last.requests, first.requests).toFixed(2)}x`);
  const flat = rss < 1 + MAX_GROWTH && fds < 1 + MAX_GROWTH;
  line('verdict', `${result.errors === 0 ? '0 errors' : `${result.errors} errors`}; RSS and fds ${flat ? 'flat' : 'GROWING'} (growth limit ${MAX_GROWTH * 100}%)`);
  return result.errors === 0 && flat;
}
