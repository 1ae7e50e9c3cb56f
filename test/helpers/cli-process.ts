import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'hubkeeper.js');
const BUILT_CLI = join(ROOT, 'dist', 'cli', 'index.js');

/** Runs `npm run build:main` (tsc, then the CLI's bundle) when dist is missing or older than any source file. */
export function ensureBuilt(): void {
  if (existsSync(BUILT_CLI) && statSync(BUILT_CLI).mtimeMs >= newestSource([join(ROOT, 'src', 'main'), join(ROOT, 'src', 'shared')])) {
    return;
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build:main'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`npm run build:main failed:\n${result.stdout}${result.stderr}`);
}

function newestSource(dirs: string[]): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.c?ts$/.test(entry.name) && !entry.name.includes('.test.')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) visit(dir);
  return newest;
}

/** The parent's environment without HubKeeper settings, plus the given ones. */
export function cliEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('HUBKEEPER_') && key !== 'NODE_ENV') env[key] = value;
  }
  return { ...env, ...extra };
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `hubkeeper <args>` to completion. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: output.stdout(), stderr: output.stderr() }));
  });
}

/** Runs `hubkeeper <args>` from the TypeScript sources (no build needed) to completion. */
export function runCliFromSource(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  const cli = join(ROOT, 'test', 'helpers', 'cli-from-source.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: output.stdout(), stderr: output.stderr() }));
  });
}

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when the process has exited and its output is closed. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `hubkeeper serve <args>` and resolves once it prints its URL line. */
export function startServe(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const match = /^HubKeeper listening on (http:\/\/\S+)\n/m.exec(output.stdout());
      if (!match?.[1]) return;
      child.stdout?.off('data', onData);
      resolve({ url: match[1], child, stdout: output.stdout, stderr: output.stderr, exited });
    };
    child.stdout?.on('data', onData);
    child.on('error', reject);
    void exited.then(({ code, signal }) =>
      reject(new Error(`hubkeeper serve exited (code ${code}, signal ${signal}) before listening:\n${output.stderr()}`)),
    );
  });
}

interface Output {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function collect(child: ChildProcess): Output {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { stdout: () => stdout, stderr: () => stderr };
}
