import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { HubRegistry } from '../../src/main/credentials/index.js';
import { DATABASE_FILE } from '../../src/main/db/index.js';
import { gitBlobOid } from '../../src/main/store/index.js';
import type { JobProgressEvent } from '../../src/main/jobs/index.js';
import { SYNC_PULL_JOB, openPuller, type PullResult } from '../../src/main/sync/index.js';
import { cliEnv, ROOT } from '../helpers/cli-process.js';
import { lastInFirstOut, randomContent, tempFolder } from '../helpers/download-fixtures.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';
import { apiTree, pullInto } from '../helpers/sync-ends.js';

const MiB = 1024 * 1024;
const CLI = join(ROOT, 'test', 'helpers', 'cli-from-source.ts');
const python = pythonWithHfHub();

/** A remote repo with nested folders, an LFS file and small regular files. */
const REMOTE_FILES = {
  'config.json': '{"model_type":"llama"}',
  'README.md': '# m1\n',
  'weights/model.safetensors': randomContent(2 * MiB),
  'weights/shards/part-1.bin': randomContent(300 * 1024),
  'tokenizer/vocab/vocab.txt': 'a\nb\nc\n',
};
const REMOTE_LFS = ['weights/model.safetensors'];

/** Two real servers: the remote (seeded with REMOTE_FILES) behind a byte-counting proxy, and the local hub. */
async function twoHubs(t: Cleanup, seed: { private?: boolean } = {}) {
  const remote = await startServer(t);
  const local = await startServer(t, { user: 'bob' });
  const seeded = await seedRepo(remote.core.store, { files: REMOTE_FILES, lfs: REMOTE_LFS, ...(seed.private ? { private: true } : {}) });
  const proxy = await startFaultProxy(remote.url);
  t.after(() => proxy.close());
  return { remote, local, proxy, ...seeded };
}

function rootTreeOf(server: TestServer, repo: string): string {
  const [namespace, name] = repo.split('/') as [string, string];
  const record = server.core.store.getRepo('model', namespace, name);
  return server.core.store.getCommit(server.core.store.resolveRevision(record.id, 'main'))?.treeOid ?? '';
}

function startCli(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: cliEnv({ HF_HUB_DISABLE_PROGRESS_BARS: '1', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args, env);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

function servedFiles(proxy: FaultProxy, from = 0): string[] {
  return proxy.requests.slice(from).filter((line) => line.startsWith('GET ') && line.includes('/resolve/')).map((line) => decodeURIComponent(line.split('/resolve/')[1]?.split('/').slice(1).join('/') ?? ''));
}

describe('hubkeeper pull: one remote revision into the local hub', () => {
  it('makes one commit whose root and folder tree oids equal the remote\'s, then moves only a changed file, then nothing', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy, repo } = await twoHubs(t);

    const first = await pullInto(local, { endpoint: proxy.url }, { token: remote.token });
    const totalBytes = Object.values(REMOTE_FILES).reduce((sum, content) => sum + Buffer.byteLength(content), 0);
    assert.equal(first.committed, true);
    assert.equal(first.treeMatchesRemote, true);
    assert.equal(first.repo, 'alice/m1');
    assert.equal(first.remoteCommit, remote.core.store.resolveRevision(repo.id, 'main'));
    assert.equal(first.filesTransferred, 6, 'the five files and .gitattributes');
    assert.equal(first.filesReused, 0);
    assert.equal(proxy.bytesServed(), first.bytesTransferred);
    assert.ok(first.bytesTransferred >= totalBytes);

    const remoteTree = await apiTree(remote, 'alice/m1');
    assert.ok(remoteTree.some((entry) => entry.type === 'directory' && entry.path === 'weights/shards'), 'nested folders are listed with their oids');
    assert.deepEqual(await apiTree(local, 'alice/m1'), remoteTree);
    assert.equal(rootTreeOf(local, 'alice/m1'), rootTreeOf(remote, 'alice/m1'));
    assert.equal(local.core.store.resolveRevision(local.core.store.getRepo('model', 'alice', 'm1').id, 'main'), first.localCommit);

    const listing = (server: TestServer) =>
      runPythonJsonAsync(
        python,
        'import json\nfrom huggingface_hub import HfApi\nentries = HfApi().list_repo_tree("alice/m1", recursive=True)\nprint(json.dumps(sorted([[e.path, type(e).__name__, getattr(e, "blob_id", None) or getattr(e, "tree_id", None), getattr(e, "size", None), (e.lfs or {}).get("sha256") if hasattr(e, "lfs") and e.lfs else None] for e in entries])))',
        { HF_ENDPOINT: server.url, HF_TOKEN: server.token },
      );
    assert.deepEqual(await listing(local), await listing(remote), 'huggingface_hub sees the same tree on both sides');

    const changed = randomContent(400 * 1024);
    await commitFiles(remote.core.store, repo.id, { 'weights/shards/part-1.bin': changed }, { title: 'retrain part 1' });
    const servedBefore = proxy.bytesServed();
    const requestsBefore = proxy.requests.length;
    const second = await pullInto(local, { endpoint: proxy.url }, { token: remote.token });
    assert.equal(second.committed, true);
    assert.equal(second.filesTransferred, 1);
    assert.equal(second.filesReused, 5);
    assert.equal(proxy.bytesServed() - servedBefore, changed.length, 'only the changed file\'s bytes moved');
    assert.deepEqual(servedFiles(proxy, requestsBefore), ['weights/shards/part-1.bin']);
    assert.deepEqual(await apiTree(local, 'alice/m1'), await apiTree(remote, 'alice/m1'));
    assert.equal(rootTreeOf(local, 'alice/m1'), rootTreeOf(remote, 'alice/m1'));

    const servedBeforeThird = proxy.bytesServed();
    const third = await pullInto(local, { endpoint: proxy.url }, { token: remote.token });
    assert.equal(third.committed, false, 'nothing changed: no commit');
    assert.equal(third.localCommit, second.localCommit);
    assert.equal(third.filesTransferred, 0);
    assert.equal(proxy.bytesServed(), servedBeforeThird, 'no bytes moved');
    const localRepo = local.core.store.getRepo('model', 'alice', 'm1');
    assert.equal(local.core.store.resolveRevision(localRepo.id, 'main'), second.localCommit);
    const opened = openPuller({ config: local.core.config, db: local.core.db, store: local.core.store });
    const recorded = opened.puller.lastPull(localRepo.id);
    await opened.close();
    assert.equal(recorded?.remote_commit, second.remoteCommit, 'the remote commit ↔ local commit mapping is recorded');
    assert.equal(recorded?.local_commit, second.localCommit);
    assert.equal(recorded?.remote_endpoint, proxy.url);
  });

  it('a re-pull lists only the folders that changed, and takes in deleted files and a new folder', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy, repo } = await twoHubs(t);
    await pullInto(local, { endpoint: proxy.url }, { token: remote.token });
    await commitFiles(remote.core.store, repo.id, { 'weights/shards/part-2.bin': randomContent(1000), 'docs/usage.md': '# usage\n' }, { deletes: ['README.md', 'weights/shards/part-1.bin'] });
    const requestsBefore = proxy.requests.length;
    const result = await pullInto(local, { endpoint: proxy.url }, { token: remote.token });
    assert.equal(result.committed, true);
    assert.equal(result.treeMatchesRemote, true);
    assert.equal(result.filesTransferred, 2);
    assert.equal(result.filesReused, 4, 'config.json, .gitattributes, the model and the vocabulary');
    assert.deepEqual(await apiTree(local, 'alice/m1'), await apiTree(remote, 'alice/m1'));
    assert.equal(rootTreeOf(local, 'alice/m1'), rootTreeOf(remote, 'alice/m1'));
    const listed = proxy.requests.slice(requestsBefore).filter((line) => line.includes('/tree/')).map((line) => decodeURIComponent(line.split('/tree/')[1]?.split('?')[0]?.split('/').slice(1).join('/') ?? ''));
    assert.deepEqual(listed.sort(), ['', 'docs', 'weights', 'weights/shards'], 'nothing of the unchanged tokenizer/ is listed');
  });

  it('refuses to publish a commit whose tree would differ from the remote\'s (an LFS file .gitattributes does not cover)', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy, repo } = await twoHubs(t);
    // Deleting .gitattributes leaves the LFS file uncovered on the remote; our store would add the coverage back.
    await commitFiles(remote.core.store, repo.id, {}, { deletes: ['.gitattributes'], title: 'drop .gitattributes' });
    await assert.rejects(
      pullInto(local, { endpoint: proxy.url }, { token: remote.token }),
      (error: unknown) => error instanceof Error && /differs from the remote's at "\/".*nothing was committed/.test(error.message),
    );
    assert.equal(local.core.store.findRepo('model', 'alice', 'm1'), undefined, 'the refused pull left no repo behind');
  });

  it('runs as a job of the persistent queue with the token saved for that hub, which its params never hold', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy } = await twoHubs(t, { private: true });
    new HubRegistry(local.dataDir, []).add({ name: 'team', endpoint: proxy.url, token: remote.token });
    const progress: JobProgressEvent[] = [];
    local.core.jobs.events.on('progress', (event) => void (event.kind === SYNC_PULL_JOB && progress.push(event)));
    const job = local.core.jobs.enqueue(SYNC_PULL_JOB, { repo: 'alice/m1', endpoint: proxy.url, as: 'bob/m1' });
    const done = await local.core.jobs.waitFor(job.id);
    assert.equal(done.state, 'done', done.error);
    assert.ok(!JSON.stringify(done.params).includes(remote.token));
    const result = done.result as PullResult;
    assert.equal(result.committed, true);
    assert.equal(result.treeMatchesRemote, true);
    assert.equal(progress[0]?.bytesTotal, result.bytesTransferred, 'progress events carry the bytes to fetch');
    assert.deepEqual(progress[0]?.detail, { filesDone: 0, filesTotal: 6 });
    assert.equal(local.core.store.getRepo('model', 'bob', 'm1').private, true);
    assert.deepEqual(await apiTree(local, 'bob/m1'), await apiTree(remote, 'alice/m1'));
  });

  it('pulls a subset with --include and says the tree then differs from the remote\'s', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy } = await twoHubs(t);
    const result = await pullInto(local, { endpoint: proxy.url, include: ['weights/*'], as: 'bob/weights-only' }, { token: remote.token });
    assert.equal(result.treeMatchesRemote, false);
    assert.match(result.note ?? '', /subset/);
    const paths = (await apiTree(local, 'bob/weights-only')).filter((entry) => entry.type === 'file').map((entry) => entry.path);
    // A subset keeps the remote's .gitattributes, which says which files are LFS.
    assert.deepEqual(paths.sort(), ['.gitattributes', 'weights/model.safetensors', 'weights/shards/part-1.bin']);
    assert.deepEqual(servedFiles(proxy).sort(), ['.gitattributes', 'weights/model.safetensors', 'weights/shards/part-1.bin']);
    const again = await pullInto(local, { endpoint: proxy.url, include: ['weights/*'], as: 'bob/weights-only' }, { token: remote.token });
    assert.equal(again.committed, false, 'an unchanged subset makes no commit');
    assert.equal(again.localCommit, result.localCommit);
  });

  it('when the remote goes down mid-pull, nothing is committed, and the rerun fetches only what is still missing', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    const local = await startServer(t, { user: 'bob' });
    const big = randomContent(24 * MiB);
    await seedRepo(remote.core.store, { files: { 'small.txt': 'small', 'mid.bin': randomContent(MiB), 'big.bin': big }, lfs: ['mid.bin', 'big.bin'] });
    const slow = await startFaultProxy(remote.url, { bytesPerSecondPerConnection: 4 * MiB });
    t.after(() => slow.close());
    const controller = new AbortController();
    const down = (async () => {
      // The remote disappears once the small files are in and the big one is on its way.
      await pullInto(local, { endpoint: slow.url }, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (progress.filesDone >= progress.filesTotal - 1 && progress.bytesDone > progress.bytesTotal - big.length + 4 * MiB && !controller.signal.aborted) {
            void slow.close().then(() => controller.abort(new Error('the remote went away')));
          }
        },
      });
    })();
    await assert.rejects(down);
    assert.equal(local.core.store.findRepo('model', 'alice', 'm1'), undefined, 'no partial commit (not even the repo) is visible');
    const staged = await readdir(join(local.dataDir, 'sync-staging'));
    assert.ok(staged.length >= 2, `completed LFS files and the big file's partial bytes are kept in staging: ${staged.join(', ')}`);
    assert.ok(local.core.store.locateBlob(gitBlobOid(Buffer.from('small'))), 'a completed small file is kept in the hub database, not yet in any commit');

    const proxy = await startFaultProxy(remote.url);
    t.after(() => proxy.close());
    const result = await pullInto(local, { endpoint: proxy.url });
    assert.equal(result.committed, true);
    assert.deepEqual([...new Set(servedFiles(proxy))], ['big.bin'], 'completed files are not fetched again');
    assert.ok(proxy.bytesServed() < big.length, `the big file resumed: ${proxy.bytesServed()} of ${big.length} bytes fetched again`);
    assert.deepEqual(await apiTree(local, 'alice/m1'), await apiTree(remote, 'alice/m1'));
    assert.deepEqual(await readdir(join(local.dataDir, 'sync-staging')), [], 'staging is emptied by the commit, partial files included');
  });

  it('pulls a repo already in the HF cache (from Python snapshot_download) with zero bytes fetched', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, local, proxy } = await twoHubs(t);
    await runPythonJsonAsync(python, 'from huggingface_hub import snapshot_download\nsnapshot_download("alice/m1")\nprint("null")', {
      HF_ENDPOINT: remote.url, HF_TOKEN: remote.token, HF_HUB_CACHE: local.core.config.hf.hubCache, HF_HUB_DISABLE_XET: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1',
    });
    const result = await pullInto(local, { endpoint: proxy.url }, { token: remote.token });
    assert.equal(proxy.bytesServed(), 0);
    assert.equal(result.filesTransferred, 0);
    assert.equal(result.bytesTransferred, 0);
    assert.equal(result.filesFromCache, 6);
    assert.equal(result.treeMatchesRemote, true);
    assert.deepEqual(await apiTree(local, 'alice/m1'), await apiTree(remote, 'alice/m1'));
  });
});

describe('hubkeeper pull and remote from the command line', () => {
  it('pulls a private repo with its token (private here too); a wrong token fails in one line, exit 1, nothing written', async (context) => {
    const t = lastInFirstOut(context);
    const { remote, proxy } = await twoHubs(t, { private: true });
    const data = await tempFolder(t, 'hubkeeper-pull-');
    const env = { HF_HUB_CACHE: join(data, 'hf-cache') };

    const wrong = await runCli(['pull', 'alice/m1', '--from', proxy.url, '--token', 'hf_wrongwrongwrongwrong', '--data', data, '--json'], env);
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.equal(wrong.stdout, '');
    assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
    assert.match(wrong.stderr, /^hubkeeper: /);
    assert.match(wrong.stderr, /^hubkeeper: alice\/m1 was not found on http:\/\/127\.0\.0\.1:\d+, or the token was refused or may not read it/);
    assert.equal(servedFiles(proxy).length, 0);
    assert.deepEqual(await readdir(join(data, 'blobs', 'sha256')).catch(() => []), [], 'nothing written');

    const ok = await runCli(['pull', 'alice/m1', '--from', proxy.url, '--token', remote.token, '--data', data, '--json'], env);
    assert.equal(ok.code, 0, ok.stderr);
    const json = JSON.parse(ok.stdout) as PullResult;
    assert.deepEqual(Object.keys(json).filter((key) => ['repo', 'localCommit', 'remoteCommit', 'filesTransferred', 'bytesTransferred', 'filesReused'].includes(key)).length, 6);
    assert.equal(json.filesTransferred, 6);

    const local = await startServer(t, { overrides: { dataDir: data } });
    const record = local.core.store.getRepo('model', 'alice', 'm1');
    assert.equal(record.private, true, 'a private remote makes a private local repo');
    assert.equal(local.core.store.resolveRevision(record.id, 'main'), json.localCommit);
  });

  it('resumes after kill -9 mid-pull: no commit was visible, and the rerun re-fetches little of the big file', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    const big = randomContent(32 * MiB);
    await seedRepo(remote.core.store, { files: { 'config.json': '{}', 'model.bin': big }, lfs: ['model.bin'] });
    const proxy = await startFaultProxy(remote.url, { bytesPerSecondPerConnection: 6 * MiB });
    t.after(() => proxy.close());
    const data = await tempFolder(t, 'hubkeeper-pull-');
    const args = ['pull', 'alice/m1', '--from', proxy.url, '--data', data, '--json'];
    const env = { HF_HUB_CACHE: join(data, 'hf-cache') };

    const first = startCli(args, env);
    while (proxy.bytesServed() < big.length / 2) {
      const exited = await Promise.race([first.exited.then(() => true), sleep(20).then(() => false)]);
      assert.ok(!exited, `the pull ended before it could be killed: ${first.stderr()}`);
    }
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');
    const servedBeforeKill = proxy.bytesServed();
    const db = new Database(join(data, DATABASE_FILE), { readonly: true });
    assert.equal(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM repos').get()?.n, 0, 'no repo, no commit is visible after the kill');
    db.close();

    const second = await runCli(args, env);
    assert.equal(second.code, 0, second.stderr);
    const refetched = proxy.bytesServed() - big.length;
    assert.ok(servedBeforeKill >= big.length / 2);
    assert.ok(refetched < big.length * 0.25, `re-fetched ${(refetched / MiB).toFixed(1)} MiB of ${big.length / MiB} MiB`);
    const result = JSON.parse(second.stdout) as PullResult;
    const local = await startServer(t, { overrides: { dataDir: data } });
    const record = local.core.store.getRepo('model', 'alice', 'm1');
    assert.equal(local.core.store.resolveRevision(record.id, 'main'), result.localCommit);
    assert.equal([...local.core.store.history(result.localCommit)].length, 2, 'the initial commit and the one pull commit');
    assert.deepEqual(await apiTree(local, 'alice/m1'), await apiTree(remote, 'alice/m1'));
  });

  it('remote add, ls (tokens never shown), test (who the token belongs to), rm; conflicting options are refused', async (context) => {
    const t = lastInFirstOut(context);
    const remote = await startServer(t);
    const data = await tempFolder(t, 'hubkeeper-remote-');

    const added = await runCli(['remote', 'add', 'team', remote.url, '--token', remote.token, '--data', data]);
    assert.equal(added.code, 0, added.stderr);
    const listed = await runCli(['remote', 'ls', '--data', data]);
    assert.match(listed.stdout, /team\s+http:\/\/127\.0\.0\.1:\d+\s+saved/);
    assert.ok(!listed.stdout.includes(remote.token) && !added.stdout.includes(remote.token), 'the token is never printed');
    const json = JSON.parse((await runCli(['remote', 'ls', '--json', '--data', data])).stdout) as Array<{ name: string; hasToken: boolean }>;
    assert.deepEqual(json.map((hub) => [hub.name, hub.hasToken]), [['Hugging Face', false], ['team', true]]);
    assert.equal(statSync(join(data, 'remote-hubs.json')).mode & 0o777, 0o600, 'the token file is readable by the user alone');

    const tested = await runCli(['remote', 'test', 'team', '--json', '--data', data]);
    assert.equal(tested.code, 0, tested.stderr);
    const report = JSON.parse(tested.stdout) as { reachable: boolean; user: string; role: string };
    assert.equal(report.reachable, true);
    assert.equal(report.user, remote.user);
    assert.equal(report.role, 'write');

    const conflicting = await runCli(['pull', 'alice/m1', '--from', 'team', '--all-refs', '--revision', 'main', '--data', data]);
    assert.equal(conflicting.code, 1);
    assert.equal(conflicting.stderr.trim(), 'hubkeeper: --all-refs pulls every branch and tag: leave out --revision');

    const removed = await runCli(['remote', 'rm', 'team', '--data', data]);
    assert.equal(removed.code, 0, removed.stderr);
    const missing = await runCli(['remote', 'test', 'team', '--data', data]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'hubkeeper: No remote called "team"');
  });
});
