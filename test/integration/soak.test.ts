import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/cli-process.js';

// The soak benchmark (bench/soak.ts) run briefly: 100 clients mixing reads, downloads, LFS
// uploads and commits against a hub in a child process. RSS and fd growth are judged only on a
// full run (`npm run soak -- --minutes 10`); 20 seconds are mostly warm-up.
test('100 concurrent clients mixing reads, downloads, uploads and commits for 20 seconds get no error', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'soak.ts'), '--seconds', '20'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  for (const line of stdout.trim().split('\n')) t.diagnostic(line);
  assert.match(stdout, /^verdict\s+/m, `the soak run did not finish:\n${stderr}`);
  const intervals = stdout.match(/^interval \d+ .* (\d+) errors/gm) ?? [];
  assert.equal(intervals.length, 4, 'a line for each of the four intervals');
  assert.match(stdout, /^requests\s+\d+, 0 errors$/m);
  assert.match(stdout, /^RSS, last vs interval \d+\s+\d+ MiB vs \d+ MiB/m);
  assert.match(stdout, /^open fds, last vs interval \d+\s+\d+ vs \d+/m);
});
