// Sync between two local HubKeeper servers (issue 15), beside what a user does without it, in the
// same run: Python `snapshot_download` from one server then `upload_folder` to another, and the
// same with @huggingface/hub (downloadFile, then uploadFiles). Then a re-pull and a re-push with one
// changed file, a push to an empty server beside `upload_folder`, and the peak RSS of the CLI's
// pull and push (run from dist/ as child processes, read with /usr/bin/time). Beside the push's
// ratio, its floor measured in the run (bench/push-floor.ts): the receiving hub's sha256 of every
// byte and this disk's durable write rate, and the ratio against upload_folder that floor allows.
// The repo: --files N files (default 500; all but 4 small JSON files) and --gb G (default 0.2) of
// content in 4 LFS files. The size: `npm run bench -- sync --files 5000 --gb 2`.
// Targets (issue 15): pull >= 3x the Python pair and >= 2x the JS pair; re-pull and re-push < 1 s
// moving only the changed file; push >= 3x upload_folder; peak RSS < 150 MB, of the pull and of the push.
import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createRepo, downloadFile, listFiles, uploadFiles } from '@huggingface/hub';
import { openDatabase } from '../src/main/db/index.js';
import { createStore, type CommitOperation } from '../src/main/store/index.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../test/helpers/python-hf.js';
import { makeBigFile } from './big-file.js';
import { measurePushFloor } from './push-floor.js';
import { line, report, timed } from './report.js';
import { withScratchDir } from './scratch-dir.js';
import { startHub, type RunningServer } from './servers.js';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
const CLI = join(ROOT, 'bin', 'hubkeeper.js');
const REPO = 'bench/sync';
const LFS_FILES = 4;
const DOWNLOADS_AT_ONCE = 8;
const author = { name: 'bench', email: 'bench@example.com' };

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value === undefined || !Number.isFinite(value) || value <= 0 ? fallback : value;
}

async function seed(dataDir: string, scratch: string, files: number, bytes: number): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, 'hubkeeper.db'));
  const store = createStore({ db, dataDir });
  const repo = store.createRepo({ type: 'model', namespace: 'bench', name: 'sync', author });
  const operations: CommitOperation[] = Array.from({ length: Math.max(1, files - LFS_FILES) }, (_, i) => ({
    type: 'add' as const,
    path: i === 0 ? 'config.json' : `data/part-${String(Math.floor(i / 500)).padStart(2, '0')}/shard-${String(i).padStart(5, '0')}.json`,
    content: { data: Buffer.from(`{"index": ${i}, "name": "shard ${i}", "values": [${i % 97}, ${i % 89}, ${i % 83}]}\n`.repeat(8)) },
  }));
  for (let i = 0; i < LFS_FILES; i++) {
    const file = join(scratch, `model-${i}.safetensors`);
    makeBigFile(file, Math.floor(bytes / LFS_FILES));
    operations.push({ type: 'add', path: `model-0000${i}-of-0000${LFS_FILES}.safetensors`, content: { file, link: true }, lfs: 'always' });
  }
  await store.commit({ repoId: repo.id, branch: 'main', title: 'Add the model', author, operations });
  db.close();
}

interface CliRun<T> {
  readonly result: T;
  readonly seconds: number;
  readonly peakRssMiB: number;
}

/**
 * Runs the built CLI as users do (the installed command, its shebang's node flags included) under
 * /usr/bin/time and reads its peak RSS (KiB) from time's output file.
 */
async function cli<T>(args: readonly string[], timeFile: string): Promise<CliRun<T>> {
  const { seconds, value } = await timed(
    () =>
      new Promise<string>((resolve, reject) => {
        execFile('/usr/bin/time', ['-f', '%M', '-o', timeFile, CLI, ...args, '--json', '--quiet'], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
          if (error) reject(new Error(`hubkeeper ${args.join(' ')}: ${stderr}`));
          else resolve(stdout);
        });
      }),
  );
  return { result: JSON.parse(value) as T, seconds, peakRssMiB: Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 };
}

/** One commit of a changed config.json on a server, through the hub's commit API. */
async function changeConfig(server: RunningServer & { token: string }, text: string): Promise<void> {
  const lines = [
    { key: 'header', value: { summary: 'Change config.json', description: '' } },
    { key: 'file', value: { path: 'config.json', content: Buffer.from(text).toString('base64'), encoding: 'base64' } },
  ];
  const response = await fetch(`${server.url}/api/models/${REPO}/commit/main`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/x-ndjson' },
    body: lines.map((entry) => JSON.stringify(entry)).join('\n'),
  });
  if (!response.ok) throw new Error(`commit to ${server.url}: ${response.status} ${await response.text()}`);
}

/** The JS pair: every file with downloadFile to a folder, then uploadFiles of the folder to the other server. */
async function jsPair(from: RunningServer, to: RunningServer, token: string, dir: string): Promise<{ download: number; upload: number }> {
  const download = await timed(async () => {
    const paths: string[] = [];
    for await (const entry of listFiles({ repo: REPO, recursive: true, hubUrl: from.url, accessToken: token })) if (entry.type === 'file') paths.push(entry.path);
    let next = 0;
    await Promise.all(
      Array.from({ length: DOWNLOADS_AT_ONCE }, async () => {
        while (next < paths.length) {
          const path = paths[next++] as string;
          const blob = await downloadFile({ repo: REPO, path, hubUrl: from.url, accessToken: token });
          if (!blob) throw new Error(`${path} is missing`);
          const target = join(dir, path);
          mkdirSync(dirname(target), { recursive: true });
          await pipeline(Readable.fromWeb(blob.stream()), createWriteStream(target));
        }
      }),
    );
    return paths;
  });
  const upload = await timed(async () => {
    await createRepo({ repo: REPO, hubUrl: to.url, accessToken: token });
    await uploadFiles({ repo: REPO, hubUrl: to.url, accessToken: token, files: download.value.map((path) => ({ path, content: pathToFileURL(join(dir, path)) })) });
  });
  return { download: download.seconds, upload: upload.seconds };
}

async function pythonPair(python: string, from: RunningServer, to: RunningServer, token: string, dir: string): Promise<{ download: number; upload: number }> {
  const code = `
import json, os, time
from huggingface_hub import HfApi, snapshot_download
t0 = time.time()
snapshot_download(${JSON.stringify(REPO)}, endpoint=${JSON.stringify(from.url)}, token=${JSON.stringify(token)}, local_dir=${JSON.stringify(dir)})
t1 = time.time()
api = HfApi(endpoint=${JSON.stringify(to.url)}, token=${JSON.stringify(token)})
api.create_repo(${JSON.stringify(REPO)}, exist_ok=True)
api.upload_folder(folder_path=${JSON.stringify(dir)}, repo_id=${JSON.stringify(REPO)}, ignore_patterns=[".cache/**"])
print(json.dumps({"download": t1 - t0, "upload": time.time() - t1}))`;
  return (await runPythonJsonAsync(python, code, { HF_HUB_DISABLE_PROGRESS_BARS: '1', HF_HUB_DISABLE_XET: '1' })) as { download: number; upload: number };
}

interface SyncJson {
  readonly filesTransferred: number;
  readonly bytesTransferred: number;
  readonly committed: boolean;
  readonly treeMatchesRemote: boolean;
}

function verdict(ok: boolean): string {
  return ok ? 'target met' : 'TARGET MISSED';
}

export async function run(): Promise<void> {
  const files = option('files', 500);
  const gb = option('gb', 0.2);
  const bytes = Math.round(gb * 1e9);
  await withScratchDir('hubkeeper-bench-sync-', async (root) => {
    const dirs = Object.fromEntries(['source', 'ours', 'python', 'js', 'empty', 'py-files', 'js-files', 'scratch'].map((name) => [name, join(root, name)]));
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    await seed(dirs.source as string, dirs.scratch as string, files, bytes);
    const servers = await Promise.all(['source', 'ours', 'python', 'js', 'empty'].map((name) => startHub(dirs[name] as string)));
    const [source, ours, pythonHub, jsHub, empty] = servers as [Awaited<ReturnType<typeof startHub>>, ...Array<Awaited<ReturnType<typeof startHub>>>];
    const token = source.token;
    const timeFile = join(root, 'time.txt');
    try {
      line('repo', `${files} files, ${(bytes / 1e9).toFixed(2)} GB (${LFS_FILES} LFS files, the rest small JSON)`);
      // Every CLI figure below includes starting node and loading the CLI: this much of it.
      const startup = await timed(() => new Promise<void>((resolve, reject) => execFile(process.execPath, [CLI, '--version'], (error) => (error ? reject(new Error(error.message)) : resolve()))));
      line('CLI start-up (hubkeeper --version)', `${startup.seconds.toFixed(2)} s, included in each CLI time below`);
      const pull = await cli<SyncJson>(['pull', REPO, '--from', source.url, '--token', token, '--data', dirs.ours as string], timeFile);
      if (!pull.result.treeMatchesRemote) throw new Error('the pulled tree differs from the remote\'s');
      line('hubkeeper pull', `${pull.seconds.toFixed(2)} s, ${pull.result.filesTransferred} files, ${(pull.result.bytesTransferred / 1e6).toFixed(0)} MB, peak RSS ${pull.peakRssMiB.toFixed(0)} MiB`);

      const python = pythonWithHfHub();
      const py = await pythonPair(python, source, pythonHub as RunningServer, token, dirs['py-files'] as string);
      line('Python snapshot_download + upload_folder', `${py.download.toFixed(2)} s + ${py.upload.toFixed(2)} s`);
      report('pull vs Python pair', pull.seconds, py.download + py.upload, 's', 'python', false);
      line('  target >= 3x', verdict((py.download + py.upload) / pull.seconds >= 3));
      const js = await jsPair(source, jsHub as RunningServer, token, dirs['js-files'] as string);
      line('@huggingface/hub downloadFile + uploadFiles', `${js.download.toFixed(2)} s + ${js.upload.toFixed(2)} s`);
      report('pull vs JS pair', pull.seconds, js.download + js.upload, 's', 'hf.js', false);
      line('  target >= 2x', verdict((js.download + js.upload) / pull.seconds >= 2));

      const changed = '{"model_type": "llama", "changed": "upstream"}\n';
      await changeConfig(source, changed);
      const repull = await cli<SyncJson>(['pull', REPO, '--from', source.url, '--token', token, '--data', dirs.ours as string], timeFile);
      line('re-pull, one changed file', `${repull.seconds.toFixed(2)} s, ${repull.result.filesTransferred} file, ${repull.result.bytesTransferred} B moved (the file: ${Buffer.byteLength(changed)} B)`);
      line('  target < 1 s, only that file', verdict(repull.seconds < 1 && repull.result.bytesTransferred === Buffer.byteLength(changed)));

      const local = '{"model_type": "llama", "changed": "here"}\n';
      await changeConfig(ours as RunningServer & { token: string }, local);
      const repush = await cli<SyncJson>(['push', REPO, '--to', source.url, '--token', token, '--data', dirs.ours as string], timeFile);
      line('re-push, one changed file', `${repush.seconds.toFixed(2)} s, ${repush.result.filesTransferred} file, ${repush.result.bytesTransferred} B moved (the file: ${Buffer.byteLength(local)} B)`);
      line('  target < 1 s, only that file', verdict(repush.seconds < 1 && repush.result.bytesTransferred === Buffer.byteLength(local)));

      const push = await cli<SyncJson>(['push', REPO, '--to', (empty as RunningServer).url, '--token', token, '--create', '--data', dirs.ours as string], timeFile);
      if (!push.result.treeMatchesRemote) throw new Error('the pushed tree differs from the local one');
      line('hubkeeper push to an empty server', `${push.seconds.toFixed(2)} s, ${push.result.filesTransferred} files, ${(push.result.bytesTransferred / 1e6).toFixed(0)} MB, peak RSS ${push.peakRssMiB.toFixed(0)} MiB`);
      report('push vs Python upload_folder', push.seconds, py.upload, 's', 'python', false);
      line('  target >= 3x', verdict(py.upload / push.seconds >= 3));
      // The floor: what the receiving hub must do with every byte, measured now on this machine and disk.
      const floor = await measurePushFloor(dirs.scratch as string, push.result.bytesTransferred);
      const mb = (push.result.bytesTransferred / 1e6).toFixed(0);
      line(`  floor: hub hashes ${mb} MB`, `sha256 ${(floor.sha256PerCore / 1e9).toFixed(2)} GB/s per core x ${floor.cores} cores: ${floor.hashSeconds.toFixed(2)} s`);
      line(`  floor: hub writes ${mb} MB durably`, `direct + fsync, 4 files at once, ${(floor.durableWrite / 1e9).toFixed(2)} GB/s: ${floor.writeSeconds.toFixed(2)} s`);
      line('  floor (the larger)', `${floor.seconds.toFixed(2)} s: allows at most ${(py.upload / floor.seconds).toFixed(2)}x against upload_folder's ${py.upload.toFixed(2)} s`);
      // The target is in MB (10^6 bytes); /usr/bin/time reports KiB.
      for (const [what, run] of [['pull', pull], ['push', push]] as const) {
        const mb = (run.peakRssMiB * 1024 * 1024) / 1e6;
        line(`peak RSS of the CLI ${what}`, `${mb.toFixed(0)} MB (${run.peakRssMiB.toFixed(0)} MiB)`);
        line('  target < 150 MB', verdict(mb < 150));
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
}
