// git clone and fetch over smart HTTP from HubKeeper (upload-pack on the store's objects), beside
// git's own server (`git daemon`, upload-pack on a repacked bare repo) serving the same objects in
// the same run. The repo: BENCH_GIT_FILES small files (default 5,000) in folders, one LFS file of
// BENCH_GIT_LFS_MB (default 1,024), and a second commit on main over a `base` branch.
// Figures: clone time and CPU time of both ends (git objects; LFS pointers not smudged), fetch of the one new commit, the
// hub's peak RSS during the clones, a push of the whole history (beside `git push` to the same
// `git daemon` with receive-pack enabled, and, for context, to a local bare repo over the file
// transport), and a clone with git-lfs smudging the LFS content from the hub.
// Targets (issue 16): clone and fetch <= 1.0x git's time, server RSS < 150 MB, push >= 0.8x git's speed.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/main/db/index.js';
import { createStore, type CommitOperation } from '../src/main/store/index.js';
import { exportToGit } from '../test/helpers/git-export.js';
import { makeBigFile } from './big-file.js';
import { line, median, report, timed } from './report.js';
import { withScratchDir } from './scratch-dir.js';
import { startServedHub } from './git-hub.js';
import { freePort, type RunningServer } from './servers.js';

const FILES = Number(process.env.BENCH_GIT_FILES ?? 5_000);
const LFS_MB = Number(process.env.BENCH_GIT_LFS_MB ?? 1_024);
const RUNS = 3;
/** BENCH_GIT_ONLY=push: only the push figures (while working on receive-pack). */
const ONLY_PUSH = process.env.BENCH_GIT_ONLY === 'push';
const author = { name: 'bench', email: 'bench@example.com' };

function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')}: ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** main = base + one commit that changes a file and adds one; `base` holds the files and the LFS file. */
async function seed(dataDir: string, lfsFile: string, peerDir: string): Promise<void> {
  const db = openDatabase(join(dataDir, 'hubkeeper.db'));
  const store = createStore({ db, dataDir });
  const repo = store.createRepo({ type: 'model', namespace: 'bench', name: 'git', author });
  const operations: CommitOperation[] = Array.from({ length: FILES }, (_, i) => ({
    type: 'add' as const,
    path: `part-${String(Math.floor(i / 500)).padStart(2, '0')}/shard-${String(i).padStart(5, '0')}.json`,
    content: { data: Buffer.from(`{"index": ${i}, "name": "shard ${i}", "values": [${i % 97}, ${i % 89}, ${i % 83}]}\n`) },
  }));
  operations.push({ type: 'add', path: 'model.safetensors', content: { file: lfsFile, link: true }, lfs: 'always' });
  const base = await store.commit({ repoId: repo.id, branch: 'main', title: 'Add files', author, operations });
  store.createBranch(repo.id, 'base', base.commitOid);
  await store.commit({
    repoId: repo.id,
    branch: 'main',
    title: 'Update one file',
    author,
    operations: [
      { type: 'add', path: 'part-00/shard-00000.json', content: { data: Buffer.from('{"index": 0, "updated": true}\n') } },
      { type: 'add', path: 'NEW.md', content: { data: Buffer.from('# new\n') } },
    ],
  });
  exportToGit(store, repo.id, peerDir);
  db.close();
}

interface GitDaemon {
  /** git:// URL of the repo `name` under the daemon's root. */
  url(name: string): string;
  readonly child: ChildProcess;
}

/** git's own server for the repos under `root`: upload-pack, and receive-pack for the push figures. */
async function startGitDaemon(root: string): Promise<GitDaemon> {
  const port = await freePort();
  const args = ['daemon', '--reuseaddr', '--export-all', '--enable=receive-pack', `--base-path=${root}`, '--listen=127.0.0.1', `--port=${port}`, root];
  const child = spawn('git', args, { stdio: 'ignore' });
  const daemon = { url: (name: string) => `git://127.0.0.1:${port}/${name}`, child };
  for (let i = 0; i < 100; i++) {
    try {
      await git(root, ['ls-remote', daemon.url('peer.git')], process.env);
      return daemon;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill();
  throw new Error('git daemon did not start');
}

/** CPU seconds of this process's finished children (and theirs, reaped by them): cutime + cstime. */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Waits until `pid` has reaped every child (git daemon reaps its receive-pack shortly after the push ends). */
async function childrenReaped(pid: number): Promise<void> {
  for (let i = 0; i < 500 && readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim() !== ''; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** CPU seconds of a process and of the children it has reaped (git daemon forks a receive-pack per push). */
function processTreeCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

/** The MB (10^6 bytes), MiB beside. */
function megabytes(mebibytes: number): string {
  return `${((mebibytes * 1024 * 1024) / 1e6).toFixed(0)} MB (${mebibytes.toFixed(0)} MiB)`;
}

async function medianSeconds(runs: number, body: (run: number) => Promise<void>): Promise<number> {
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) seconds.push((await timed(() => body(run))).seconds);
  return median(seconds);
}

/** Clone and incremental fetch from the hub and from git daemon, in turn. */
async function cloneAndFetch(hub: RunningServer, daemonUrl: string, daemonPid: number, ours: string, work: string, env: NodeJS.ProcessEnv): Promise<void> {
  const rssBefore = hub.rssMiB();
  const clone = async (url: string, name: string): Promise<void> => {
    await git(work, ['clone', '--quiet', url, name], env);
    rmSync(join(work, name), { recursive: true, force: true });
  };
  // CPU time of both ends, as for the push below: wall times swing with the machine's load.
  let oursCpu = 0;
  let hubCpu = 0;
  const oursClone = await medianSeconds(RUNS, async (i) => {
    const hubBefore = hub.cpuSeconds();
    const before = childrenCpuSeconds() + hubBefore;
    await clone(ours, `ours-${i}`);
    oursCpu += childrenCpuSeconds() + hub.cpuSeconds() - before;
    hubCpu += hub.cpuSeconds() - hubBefore;
  });
  let peerCpu = 0;
  let daemonCpu = 0;
  const peerClone = await medianSeconds(RUNS, async (i) => {
    const daemonBefore = processTreeCpuSeconds(daemonPid);
    const before = childrenCpuSeconds() + daemonBefore;
    await clone(daemonUrl, `peer-${i}`);
    await childrenReaped(daemonPid);
    peerCpu += childrenCpuSeconds() + processTreeCpuSeconds(daemonPid) - before;
    daemonCpu += processTreeCpuSeconds(daemonPid) - daemonBefore;
  });
  report('git clone (median of 3)', oursClone, peerClone, 's', 'git daemon', false);
  report('git clone CPU time, client + server (mean)', oursCpu / RUNS, peerCpu / RUNS, 's', 'git daemon', false);
  report('  of which the server (mean)', hubCpu / RUNS, daemonCpu / RUNS, 's', 'git daemon', false);
  line('hub RSS before / peak during the clones', `${megabytes(rssBefore)} / ${megabytes(hub.peakRssMiB())} (target < 150 MB)`);

  const fetch = async (url: string, name: string): Promise<number> => {
    await git(work, ['clone', '--quiet', '--single-branch', '--branch', 'base', url, name], env);
    const { seconds } = await timed(() => git(join(work, name), ['fetch', '--quiet', 'origin', 'main'], env));
    rmSync(join(work, name), { recursive: true, force: true });
    return seconds;
  };
  const oursFetch: number[] = [];
  const peerFetch: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    oursFetch.push(await fetch(ours, `ours-f${i}`));
    peerFetch.push(await fetch(daemonUrl, `peer-f${i}`));
  }
  report('git fetch of one new commit (median of 3)', median(oursFetch), median(peerFetch), 's', 'git daemon', false);
}

export async function run(): Promise<void> {
  await withScratchDir('hubkeeper-bench-git-', async (root) => {
    const dataDir = join(root, 'data');
    const home = join(root, 'home');
    const work = join(root, 'work');
    for (const dir of [dataDir, home, work]) mkdirSync(dir);
    const lfsFile = join(root, 'model.safetensors');
    makeBigFile(lfsFile, LFS_MB * 1024 * 1024);
    const peerDir = join(root, 'peer.git');
    await seed(dataDir, lfsFile, peerDir);
    rmSync(lfsFile);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_LFS_SKIP_SMUDGE: '1' };
    // git's server serves packs: repack as any hosted repo is.
    await git(peerDir, ['repack', '-adq'], env);
    writeFileSync(join(peerDir, 'git-daemon-export-ok'), '');

    const hub = await startServedHub(dataDir);
    const daemon = await startGitDaemon(root);
    const ours = `${hub.url}/bench/git`;
    try {
      line('repo', `${FILES} files + one ${LFS_MB} MB LFS file, 2 commits (git objects: pointers, not LFS content)`);
      // `git daemon` runs git-daemon as its child: that process forks (and reaps) one per connection.
      const daemonPid = Number(readFileSync(`/proc/${daemon.child.pid}/task/${daemon.child.pid}/children`, 'utf8').trim().split(' ')[0]);
      if (!ONLY_PUSH) await cloneAndFetch(hub, daemon.url('peer.git'), daemonPid, ours, work, env);

      // Push: the whole history (5,000 files, the LFS pointer) as a new branch of a new repo each run,
      // beside `git push` into a fresh bare repo served by git daemon (receive-pack enabled), the
      // server the issue names; a push into a local bare repo (file transport: no server, no network)
      // is printed for context. Same client, same packed source, same flags everywhere; none runs a
      // git-lfs pre-push hook (the bare source has no hooks and git-lfs is installed only after the
      // pushes). Ours is smart HTTP (info/refs after a 401 challenge, then one POST: git buffers a
      // pack under http.postBuffer and sends it whole), git daemon's is one TCP stream. The hub holds
      // the pushed blobs already (the seeded repo): it stores each blob once, as a fork network does.
      await git(work, ['clone', '--quiet', '--bare', daemon.url('peer.git'), 'source.git'], env);
      const source = join(work, 'source.git');
      // CPU time of the whole push, both ends: the git client (its children included, reaped by this
      // process) plus the hub for ours, plus git daemon and the receive-pack it forks and reaps for
      // git's. Wall time on a busy machine swings; CPU time does not.
      let oursCpu = 0;
      const hubCpu: number[] = [];
      const oursPush = await medianSeconds(RUNS, async (i) => {
        const created = await globalThis.fetch(`${hub.url}/api/repos/create`, {
          method: 'POST',
          headers: { authorization: `Bearer ${hub.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'model', name: `push-${i}`, organization: 'bench' }),
        });
        if (!created.ok) throw new Error(`create repo: ${created.status} ${await created.text()}`);
        const target = new URL(`${hub.url}/bench/push-${i}.git`);
        target.username = 'git';
        target.password = hub.token;
        const hubBefore = hub.cpuSeconds();
        const before = childrenCpuSeconds() + hubBefore;
        await git(source, ['push', '--quiet', target.toString(), 'main:refs/heads/pushed'], env);
        oursCpu += childrenCpuSeconds() + hub.cpuSeconds() - before;
        hubCpu.push(hub.cpuSeconds() - hubBefore);
      });
      let daemonCpu = 0;
      const daemonSeconds: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const name = `daemon-push-${i}.git`;
        await git(root, ['init', '--quiet', '--bare', name], env);
        const before = childrenCpuSeconds() + processTreeCpuSeconds(daemonPid);
        daemonSeconds.push((await timed(() => git(source, ['push', '--quiet', daemon.url(name), 'main:refs/heads/pushed'], env))).seconds);
        // Its CPU time is known once git-daemon has reaped the receive-pack (after the client is done).
        await childrenReaped(daemonPid);
        daemonCpu += childrenCpuSeconds() + processTreeCpuSeconds(daemonPid) - before;
      }
      const daemonPush = median(daemonSeconds);
      let localCpu = 0;
      const localPush = await medianSeconds(RUNS, async (i) => {
        const bare = join(work, `peer-push-${i}.git`);
        await git(work, ['init', '--quiet', '--bare', bare], env);
        const before = childrenCpuSeconds();
        await git(source, ['push', '--quiet', bare, 'main:refs/heads/pushed'], env);
        localCpu += childrenCpuSeconds() - before;
      });
      report('git push of the whole history (median of 3)', oursPush, daemonPush, 's', 'git daemon', false);
      report('git push CPU time, client + server (mean)', oursCpu / RUNS, daemonCpu / RUNS, 's', 'git daemon', false);
      line('PUSH RATIO (target >= 0.8x)', `wall ${(daemonPush / oursPush).toFixed(2)}x, CPU ${(daemonCpu / oursCpu).toFixed(2)}x`);
      const hubMean = hubCpu.reduce((sum, seconds) => sum + seconds, 0) / RUNS;
      line('  of which the hub (CPU per push, mean)', `${hubMean.toFixed(2)} s (pushes 1, 2, 3 of the process: ${hubCpu.map((seconds) => seconds.toFixed(2)).join(', ')} s)`);
      report('  context: push to a local bare repo', oursPush, localPush, 's', 'file transport', false);
      report('  context: its CPU time (mean)', oursCpu / RUNS, localCpu / RUNS, 's', 'file transport', false);
      line('hub peak RSS after the pushes', megabytes(hub.peakRssMiB()));
      if (ONLY_PUSH) return;

      await git(work, ['lfs', 'install', '--skip-repo'], env);
      const lfsEnv = { ...env, GIT_LFS_SKIP_SMUDGE: '0' };
      const { seconds } = await timed(() => git(work, ['clone', '--quiet', ours, 'ours-lfs'], lfsEnv));
      line('git clone with git-lfs smudge from the hub', `${seconds.toFixed(2)} s (${((LFS_MB * 1.048576) / seconds).toFixed(0)} MB/s for the LFS file)`);
      line('hub peak RSS over the whole run', megabytes(hub.peakRssMiB()));
    } finally {
      daemon.child.kill();
      await hub.stop();
    }
  });
}
