import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatReport, runCrashSuite } from './crash-suite.js';

// `npm run crash -- --kills 200 --seed N` runs the same suite at length.
const SEED = 20_240_612;

test('kill -9 at 20 random moments of writes, GC and downloads loses no acknowledged write and leaves fsck clean', async (t) => {
  const report = await runCrashSuite({ kills: 20, seed: SEED, log: (line) => t.diagnostic(line) });
  for (const line of formatReport(report, SEED).split('\n')) t.diagnostic(line);
  assert.deepEqual(report.problems, []);
  assert.deepEqual(report.lost, []);
  assert.ok(report.acknowledged >= 40, `only ${report.acknowledged} writes were acknowledged`);
  assert.ok(report.interrupted >= 20, `only ${report.interrupted} operations were cut by a kill`);
});
