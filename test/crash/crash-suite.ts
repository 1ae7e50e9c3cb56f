// The crash suite: a real `hubkeeper serve` takes commits, LFS uploads (one PUT, multipart), tag
// and branch changes, a concurrent `admin gc` and a `hubkeeper download` into an HF cache from a
// second hub, and is killed with SIGKILL at seeded random moments. After each restart every
// acknowledged write must still be there, every ref must resolve and `admin fsck` must be clean.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, ROOT, cliEnv, ensureBuilt, runCli, startServe, type ServeProcess } from '../helpers/cli-process.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { sha256 } from '../helpers/hub-write.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { SeededRandom } from '../helpers/seeded-random.js';
import { startServer, testToken } from '../helpers/start-server.js';
import { DownloadCrashes } from './download-crashes.js';
import { HubClient } from './hub-client.js';
import { Ledger, type AckedCommit } from './ledger.js';
import { Writer } from './writer.js';

const MiB = 1024 * 1024;
const REPO = 'alice/crash';

export interface CrashOptions {
  readonly kills: number;
  readonly seed: number;
  /** Clients writing at once, each on its own branch. */
  readonly writers?: number;
  /** The longest a round runs before its kill, in ms (the moment is drawn between 50 ms and this). */
  readonly maxRoundMs?: number;
  readonly log?: (line: string) => void;
}

export interface CrashReport {
  readonly kills: number;
  readonly acknowledged: number;
  readonly byKind: ReadonlyMap<string, number>;
  readonly interrupted: number;
  readonly lost: readonly string[];
  readonly problems: readonly string[];
}

export async function runCrashSuite(options: CrashOptions): Promise<CrashReport> {
  ensureBuilt();
  const log = options.log ?? (() => undefined);
  const random = new SeededRandom(options.seed);
  const ledger = new Ledger();
  const cleanups: Array<() => unknown> = [];
  const cleanup = { after: (step: () => unknown) => void cleanups.push(step) };
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'hubkeeper-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const token = testToken();
    const env = {
      HUBKEEPER_BOOTSTRAP_USER: 'alice',
      HUBKEEPER_BOOTSTRAP_TOKEN: token,
      HUBKEEPER_MULTIPART_THRESHOLD: String(2 * MiB),
      HUBKEEPER_MULTIPART_CHUNK_SIZE: String(MiB),
      HUBKEEPER_LOG_LEVEL: 'warn',
    };
    const serve = (): Promise<ServeProcess> => startServe(['--data', dataDir, '--port', '0'], env);
    const downloads = await startDownloadSource(cleanup, dataDir, ledger);

    let server = await serve();
    let client = new HubClient(server.url, token, REPO);
    await client.createRepo();
    const main = await client.resolve('main');
    const writers = Array.from({ length: options.writers ?? 3 }, (_, i) => new Writer(`w${i}`, ledger));
    for (const writer of writers) {
      await client.createBranch(writer.branch, main ?? 'main');
      writer.head = main ?? '';
    }

    for (let kill = 1; kill <= options.kills; kill++) {
      const delay = random.int(50, options.maxRoundMs ?? 1200);
      const gcAt = random.next() < 0.5 ? random.int(0, delay) : undefined;
      const runs = writers.map((writer, i) => writer.run(client, new SeededRandom(options.seed * 7919 + kill * 31 + i)));
      const download = downloads.start();
      const gc = gcAt === undefined ? undefined : collectGarbageAt(gcAt, dataDir, ledger);
      await sleep(delay);
      server.child.kill('SIGKILL');
      gc?.kill();
      download?.child.kill('SIGKILL');
      await Promise.all([server.exited, ...runs, download?.settled, gc?.settled]);

      const killedAt = Date.now();
      server = await serve();
      const restartMs = Date.now() - killedAt;
      client = new HubClient(server.url, token, REPO);
      // Both only read: the check through HTTP and fsck run side by side.
      await Promise.all([
        verify(client, writers, ledger, ledger.uncheckedCommits, `kill ${kill}`),
        downloads.verify(),
        fsck(dataDir, ledger, `kill ${kill}`),
      ]);
      const checkMs = Date.now() - killedAt - restartMs;
      log(`kill ${kill} at ${delay} ms${gcAt === undefined ? '' : ` (gc from ${gcAt} ms)`}, restart ${restartMs} ms, checks ${checkMs} ms: ${ledger.totalAcknowledged} acknowledged, ${ledger.lost.length} lost`);
    }

    await Promise.all([downloads.finish(), verify(client, writers, ledger, ledger.commits, 'the end'), fsck(dataDir, ledger, 'the end')]);
    server.child.kill('SIGTERM');
    await server.exited;
  } finally {
    for (const step of cleanups.reverse()) await step();
  }
  return {
    kills: options.kills,
    acknowledged: ledger.totalAcknowledged,
    byKind: ledger.acknowledged,
    interrupted: ledger.interrupted,
    lost: ledger.lost,
    problems: ledger.problems,
  };
}

/** A second hub (in this process) holding LFS files, behind a proxy that slows each connection so a download can be killed part-way. */
async function startDownloadSource(cleanup: { after(step: () => unknown): void }, dataDir: string, ledger: Ledger): Promise<DownloadCrashes> {
  const source = await startServer(cleanup);
  const contents = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`model-${i}.safetensors`, randomBytes(16 * MiB)]));
  await seedRepo(source.core.store, { name: 'source', files: contents, lfs: Object.keys(contents) });
  const proxy = await startFaultProxy(source.url, { bytesPerSecondPerConnection: 16 * MiB });
  cleanup.after(() => proxy.close());
  const cacheDir = await mkdtemp(join(tmpdir(), 'hubkeeper-crash-cache-'));
  cleanup.after(() => rm(cacheDir, { recursive: true, force: true }));
  const files = Object.entries(contents).map(([path, data]) => ({ path, sha256: sha256(data) }));
  return new DownloadCrashes({ endpoint: proxy.url, repo: 'alice/source', files, cacheDir, dataDir, ledger });
}

/** `hubkeeper admin gc` started `at` ms into the round, on the same data dir as the running server. */
function collectGarbageAt(at: number, dataDir: string, ledger: Ledger): { kill(): void; settled: Promise<void> } {
  let child: ChildProcess | undefined;
  let killed = false;
  const settled = sleep(at).then(
    () =>
      new Promise<void>((resolve) => {
        if (killed) return resolve();
        const gc = spawn(process.execPath, [BIN, 'admin', 'gc', '--data', dataDir, '--grace-seconds', '2'], { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
        child = gc;
        let stderr = '';
        gc.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        gc.on('close', (code, signal) => {
          if (code === 0) ledger.ack('gc');
          else if (signal === 'SIGKILL') ledger.interrupted++;
          else ledger.problems.push(`admin gc exited with ${code ?? signal}: ${stderr.trim()}`);
          resolve();
        });
      }),
  );
  return {
    kill: () => {
      killed = true;
      child?.kill('SIGKILL');
    },
    settled,
  };
}

/** Checks the refs, the writers' heads, and the files of `commits` against what was acknowledged. */
async function verify(client: HubClient, writers: readonly Writer[], ledger: Ledger, commits: readonly AckedCommit[], when: string): Promise<void> {
  const refs = await client.refs();
  for (const writer of writers) {
    const problem = await writer.resync(client, refs);
    if (problem) ledger.lost.push(`${when}: ${problem}`);
  }
  const actual = new Map<string, string>();
  for (const ref of refs.branches) actual.set(`branch:${ref.name}`, ref.targetCommit);
  for (const ref of refs.tags) actual.set(`tag:${ref.name}`, ref.targetCommit);
  for (const [key, expected] of ledger.refs) {
    const found = actual.get(key) ?? null;
    if (ledger.uncertainRefs.delete(key)) ledger.refs.set(key, found);
    else if (found !== expected) ledger.lost.push(`${when}: ${key} is ${found ?? 'absent'}, acknowledged ${expected ?? 'deleted'}`);
  }
  for (const [key, commit] of actual) {
    const resolved = await client.resolve(key.slice(key.indexOf(':') + 1));
    if (resolved !== commit) ledger.lost.push(`${when}: ${key} lists ${commit} but resolves to ${resolved ?? 'nothing'}`);
  }
  for (const commit of commits) {
    const info = new Map((await client.pathsInfo(commit.oid, commit.files.map((file) => file.path))).map((entry) => [entry.path, entry]));
    for (const file of commit.files) {
      const entry = info.get(file.path);
      const oid = file.gitOid === undefined ? entry?.lfs?.oid : entry?.oid;
      if (oid !== (file.gitOid ?? file.sha256)) ledger.lost.push(`${when}: ${file.path} of commit ${commit.oid} is ${entry ? `${oid}` : 'missing'}`);
    }
    // One file per commit read back whole, to check the bytes as a client gets them.
    const sample = commit.files[commit.files.length - 1];
    if (sample) {
      const bytes = await client.file(commit.oid, sample.path);
      if (typeof bytes === 'number' || sha256(bytes) !== sample.sha256) ledger.lost.push(`${when}: resolve of ${sample.path} at ${commit.oid} gave ${typeof bytes === 'number' ? bytes : 'other bytes'}`);
    }
  }
  for (const object of ledger.uncheckedLfs) {
    if (!(await client.hasLfsObject(object.oid, object.size))) ledger.lost.push(`${when}: the uploaded LFS object ${object.oid} is gone`);
  }
  ledger.uncheckedCommits = [];
  ledger.uncheckedLfs = [];
}

async function fsck(dataDir: string, ledger: Ledger, when: string): Promise<void> {
  const result = await runCli(['admin', 'fsck', '--data', dataDir]);
  if (result.code !== 0) ledger.problems.push(`${when}: admin fsck exited ${result.code}: ${result.stdout}${result.stderr}`);
}

export function formatReport(report: CrashReport, seed: number): string {
  const kinds = [...report.byKind].map(([kind, count]) => `${kind} ${count}`).join(', ');
  return [
    `crash suite, seed ${seed}: kills ${report.kills} / acknowledged ${report.acknowledged} / lost ${report.lost.length}`,
    `  acknowledged: ${kinds}; cut by a kill: ${report.interrupted}`,
    ...report.lost.map((line) => `  lost: ${line}`),
    ...report.problems.map((line) => `  problem: ${line}`),
  ].join('\n');
}
