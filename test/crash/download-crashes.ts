// Downloads into an HF cache from a second hub (`hubkeeper download`), killed with the hub under
// test and run again after the restart: an acknowledged file (the command printed its path) must
// stay whole, and once every download has finished no partial file may be left.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BIN, ROOT, cliEnv, runCli } from '../helpers/cli-process.js';
import type { Ledger } from './ledger.js';

export interface SourceFile {
  readonly path: string;
  readonly sha256: string;
}

export interface RunningDownload {
  readonly child: ChildProcess;
  /** Resolves once the process is gone; records an acknowledged download. */
  readonly settled: Promise<void>;
}

export class DownloadCrashes {
  private next = 0;
  private readonly done: Array<SourceFile & { readonly printed: string }> = [];

  constructor(
    private readonly options: {
      readonly endpoint: string;
      readonly repo: string;
      readonly files: readonly SourceFile[];
      readonly cacheDir: string;
      /** The hub's data dir under test: the download records its progress in the same database. */
      readonly dataDir: string;
      readonly ledger: Ledger;
    },
  ) {}

  /** Downloads the next file (again, after a kill); undefined when all are done. */
  start(): RunningDownload | undefined {
    const file = this.options.files[this.next];
    if (!file) return undefined;
    const { endpoint, repo, cacheDir, dataDir, ledger } = this.options;
    const args = ['download', repo, file.path, '--endpoint', endpoint, '--cache-dir', cacheDir, '--data', dataDir, '--connections', '2', '--quiet'];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv({ HF_HUB_DISABLE_PROGRESS_BARS: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const settled = new Promise<void>((resolve) => {
      child.on('close', (code, signal) => {
        if (code === 0) {
          this.done.push({ ...file, printed: stdout.trim() });
          this.next++;
          ledger.ack('download');
        } else if (signal === 'SIGKILL') ledger.interrupted++;
        else ledger.problems.push(`download of ${file.path} exited with ${code ?? signal}: ${stderr.trim()}`);
        resolve();
      });
    });
    return { child, settled };
  }

  /** Every acknowledged download still hashes to its sha256 where the command said it put it. */
  async verify(): Promise<void> {
    for (const file of this.done) {
      const bytes = await readFile(file.printed).catch(() => undefined);
      const actual = bytes && createHash('sha256').update(bytes).digest('hex');
      if (actual !== file.sha256) this.options.ledger.lost.push(`downloaded ${file.path} at ${file.printed}: ${bytes ? `sha256 ${actual}` : 'missing'}`);
    }
  }

  /** Finishes what the kills left, then checks the cache: no partial files, every blob verified. */
  async finish(): Promise<void> {
    for (let running = this.start(); running; running = this.start()) {
      const before = this.next;
      await running.settled;
      if (this.next === before) return;
    }
    await this.verify();
    const { ledger, cacheDir } = this.options;
    const blobs = join(cacheDir, `models--${this.options.repo.replace('/', '--')}`, 'blobs');
    const partial = (await readdir(blobs)).filter((name) => name.endsWith('.incomplete'));
    if (partial.length > 0) ledger.problems.push(`partial downloads left in the cache: ${partial.join(', ')}`);
    const verified = await runCli(['cache', 'verify', '--cache-dir', cacheDir]);
    if (verified.code !== 0) ledger.problems.push(`hubkeeper cache verify exited ${verified.code}: ${verified.stdout}${verified.stderr}`);
  }
}
