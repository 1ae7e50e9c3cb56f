// `npm run fuzz -- [--cases N] [--seed N] [--concurrency N]`: a long fuzz run against a real hub.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz-run.js';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '10000' }, seed: { type: 'string' }, concurrency: { type: 'string', default: '4' } },
});
const cases = Number(values.cases);
const seed = values.seed === undefined ? randomInt(2 ** 31) : Number(values.seed);
const concurrency = Number(values.concurrency);
if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed) || !Number.isSafeInteger(concurrency) || concurrency < 1) {
  console.error('usage: npm run fuzz -- [--cases N] [--seed N] [--concurrency N]');
  process.exit(2);
}
const cleanups: Array<() => unknown> = [];
try {
  const report = await runFuzz({ after: (fn) => cleanups.push(fn) }, { cases, seed, concurrency });
  process.exitCode = report.failures.length > 0 || report.storeChanges.length > 0 ? 1 : 0;
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
