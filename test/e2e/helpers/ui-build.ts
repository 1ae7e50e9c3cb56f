import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/cli-process.js';

export const UI_DIR = join(ROOT, 'dist', 'renderer');
const LOCK = join(ROOT, 'dist', '.renderer-build.lock');
const LOCK_WAIT_MS = 180_000;

function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) time = Math.max(time, newest(full));
    else if (!entry.name.includes('.test.')) time = Math.max(time, statSync(full).mtimeMs);
  }
  return time;
}

function isFresh(): boolean {
  const index = join(UI_DIR, 'index.html');
  const sources = Math.max(newest(join(ROOT, 'src', 'renderer')), newest(join(ROOT, 'src', 'shared')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  return existsSync(index) && statSync(index).mtimeMs >= sources;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the renderer (vite) when dist/renderer is missing or older than its sources. Test files
 * run in parallel, so one builds under a lock file while the others wait for it.
 */
export function ensureUiBuilt(): void {
  if (isFresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`${LOCK} is held too long; delete it if no build is running`);
      sleepSync(200);
      if (isFresh()) return;
    }
  }
  try {
    if (isFresh()) return;
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(LOCK, { force: true });
  }
}
