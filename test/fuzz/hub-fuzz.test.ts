import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { runFuzz } from './fuzz-run.js';

// A small run in every `npm test`; `npm run fuzz -- --cases 100000 [--seed N]` runs long ones.
const CASES = 2000;

describe('fuzz', () => {
  it(`answers ${CASES} malformed requests across every route family with 4xx in our error format and leaves the store unchanged`, async (t) => {
    const seed = randomInt(2 ** 31);
    const report = await runFuzz(t, { cases: CASES, seed, print: (line) => t.diagnostic(line) });
    assert.equal(report.cases, CASES);
    assert.ok(Object.keys(report.byFamily).length >= 14, `every family ran: ${JSON.stringify(report.byFamily)}`);
    for (const family of ['discussions', 'access-requests', 'collections', 'app-discussions']) {
      assert.ok((report.byFamily[family] ?? 0) > 0, `${family} ran: ${JSON.stringify(report.byFamily)}`);
    }
    assert.deepEqual(report.failures.slice(0, 5), [], `seed ${seed}: ${report.failures.length} failing answers`);
    assert.deepEqual(report.storeChanges, [], `seed ${seed}: the store changed`);
  });
});
