// `npm run crash -- --kills 200 --seed 7`: the crash suite at length. Exits 1 when a write was lost.
import { parseArgs } from 'node:util';
import { formatReport, runCrashSuite } from './crash-suite.js';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '200' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    writers: { type: 'string', default: '3' },
  },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
const writers = Number(values.writers);
if (!Number.isInteger(kills) || kills < 1 || !Number.isInteger(seed) || !Number.isInteger(writers) || writers < 1) {
  process.stderr.write('usage: npm run crash -- [--kills N] [--seed N] [--writers N]\n');
  process.exit(2);
}
process.stdout.write(`crash suite: ${kills} kills, seed ${seed}\n`);
const report = await runCrashSuite({ kills, seed, writers, log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write(`${formatReport(report, seed)}\n`);
process.exitCode = report.lost.length === 0 && report.problems.length === 0 ? 0 : 1;
