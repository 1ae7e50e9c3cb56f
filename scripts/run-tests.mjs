#!/usr/bin/env node
// Runs every test layer with node's test runner: unit tests beside the code (src/**/*.test.ts),
// integration tests (test/integration), the fuzz suite (test/fuzz, a small seeded run; `npm run fuzz`
// runs long ones), end-to-end browser tests (test/e2e) and the crash suite (test/crash: kill -9 at
// seeded moments; `npm run crash` runs it at length).
// Usage: node scripts/run-tests.mjs [unit|integration|fuzz|e2e|crash ...] [-- extra node --test args]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const layers = { unit: ['src'], integration: ['test/integration'], fuzz: ['test/fuzz'], e2e: ['test/e2e'], crash: ['test/crash'] };

const dashdash = process.argv.indexOf('--');
const args = dashdash === -1 ? process.argv.slice(2) : process.argv.slice(2, dashdash);
const extra = dashdash === -1 ? [] : process.argv.slice(dashdash + 1);
const chosen = args.length > 0 ? args : Object.keys(layers);

function findTests(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found = found.concat(findTests(full));
    else if (/\.test\.tsx?$/.test(entry.name)) found.push(relative(root, full));
  }
  return found;
}

const files = [];
for (const layer of chosen) {
  const dirs = layers[layer];
  if (!dirs) {
    console.error(`unknown test layer "${layer}"; expected one of ${Object.keys(layers).join(', ')}`);
    process.exit(2);
  }
  for (const dir of dirs) files.push(...findTests(join(root, dir)));
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...extra, ...files.sort()],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
