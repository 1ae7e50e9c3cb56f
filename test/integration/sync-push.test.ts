import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer, request as forwardRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HubRegistry } from '../../src/main/credentials/index.js';
import type { DownloadsResponse, PushPreview, SyncStatusResponse } from '../../src/shared/app-api.js';
import { SYNC_PUSH_JOB, openPuller, openPusher, parsePullSpec, type PushResult } from '../../src/main/sync/index.js';
import { cliEnv, ROOT } from '../helpers/cli-process.js';
import { gitBlobOid, lastInFirstOut, randomContent } from '../helpers/download-fixtures.js';
import { httpRequest } from '../helpers/http-request.js';
import { startKohakuReplay } from '../helpers/kohaku-replay.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, testToken, type Cleanup, type TestServer } from '../helpers/start-server.js';
import { apiTree, pushFrom, type ListedEntry } from '../helpers/sync-ends.js';
import { appRequest, assertRefused, ownerSession, tokenSession } from '../helpers/ui-session.js';

const MiB = 1024 * 1024;
const CLI = join(ROOT, 'test', 'helpers', 'cli-from-source.ts');
const python = pythonWithHfHub();

/** A local repo with nested folders, LFS files and small regular files. */
const LOCAL_FILES = {
  'config.json': '{"model_type":"llama"}',
  'README.md': '# m1\n',
  'weights/model.safetensors': randomContent(2 * MiB),
  'weights/shards/part-1.bin': randomContent(300 * 1024),
  'tokenizer/vocab/vocab.txt': 'a\nb\nc\n',
};
const LOCAL_LFS = ['weights/model.safetensors', 'weights/shards/part-1.bin'];

/** Requests for which `until` returns a promise wait for it before they are forwarded. */
interface Hold {
  until: ((method: string, path: string) => Promise<unknown> | undefined) | undefined;
  /** Requests for which it returns a status are answered with it here, as a failing hub would (X-Error-Code), and never forwarded. */
  refuse?: ((method: string, path: string) => number | undefined) | undefined;
}

interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** Body bytes the remote received. */
  readonly bytes: number;
  readonly authorization: string | undefined;
}

/**
 * A loopback proxy in front of a remote bound to every address: it keeps the Host header, so the
 * remote's LFS upload URLs point back at the proxy, and it counts every body byte the remote gets.
 */
async function countingProxy(t: Cleanup, target: string): Promise<{ url: string; seen: SeenRequest[]; received: (from?: number) => number; hold: Hold }> {
  const upstream = new URL(target);
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const hold: Hold = { until: undefined };
  const server = createServer((req: IncomingMessage, res) => void forward(req, res));
  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.pause();
    const waitFor = hold.until?.(req.method ?? 'GET', req.url ?? '/');
    if (waitFor !== undefined) await waitFor;
    const refused = hold.refuse?.(req.method ?? 'GET', req.url ?? '/');
    if (refused !== undefined) {
      seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', bytes: 0, authorization: req.headers.authorization });
      res.writeHead(refused, { 'x-error-code': 'ServiceUnavailable', 'x-error-message': 'The hub is overloaded', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'The hub is overloaded' }));
      return;
    }
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const upstreamRequest = forwardRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstreamRequest.on('error', () => res.destroy());
    req.on('end', () => seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', bytes, authorization: req.headers.authorization }));
    req.pipe(upstreamRequest);
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, received: (from = 0) => seen.slice(from).reduce((sum, request) => sum + request.bytes, 0), hold };
}

/** The local hub with alice/m1 seeded, and an empty remote hub behind a counting proxy. */
async function twoHubs(t: Cleanup) {
  const local = await startServer(t);
  // LFS objects of 2 MiB and more go up in 1 MiB parts (HF multipart), smaller ones in one PUT.
  const remote = await startServer(t, { overrides: { host: '0.0.0.0', multipartThreshold: 2 * MiB, multipartChunkSize: MiB } });
  const seeded = await seedRepo(local.core.store, { files: LOCAL_FILES, lfs: LOCAL_LFS });
  const proxy = await countingProxy(t, remote.url);
  return { local, remote, proxy, ...seeded };
}

/** A KohakuHub-shaped remote's recursive listing of alice/m1@main (files only, as LakeFS lists them). */
async function kohakuTree(url: string, token: string): Promise<Array<{ path: string; size: number; oid: string; lfs?: { oid: string } }>> {
  const response = await httpRequest(`${url}/api/models/alice/m1/tree/main?recursive=true`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, response.text);
  return response.json() as Array<{ path: string; size: number; oid: string; lfs?: { oid: string } }>;
}

function headOf(server: TestServer, repo = 'alice/m1'): string {
  const [namespace, name] = repo.split('/') as [string, string];
  return server.core.store.resolveRevision(server.core.store.getRepo('model', namespace, name).id, 'main');
}

function rootTreeOf(server: TestServer, repo = 'alice/m1'): string {
  return server.core.store.getCommit(headOf(server, repo))?.treeOid ?? '';
}

function startCli(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: cliEnv({ HF_HUB_DISABLE_PROGRESS_BARS: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
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

async function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const pythonTree = (server: TestServer, repo = 'alice/m1') =>
  runPythonJsonAsync(
    python,
    `import json\nfrom huggingface_hub import HfApi\nentries = HfApi().list_repo_tree(${JSON.stringify(repo)}, recursive=True)\nprint(json.dumps(sorted([[e.path, type(e).__name__, getattr(e, "blob_id", None) or getattr(e, "tree_id", None), getattr(e, "size", None), (e.lfs or {}).get("sha256") if hasattr(e, "lfs") and e.lfs else None] for e in entries])))`,
    { HF_ENDPOINT: server.url, HF_TOKEN: server.token },
  );

describe('hubkeeper push: a local revision to a remote hub', () => {
  it('creates the remote repo, sends every file once (regular, LFS, nested), then only a changed file, then nothing', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);

    const first = await pushFrom(local, { endpoint: proxy.url, create: true }, { token: remote.token });
    assert.equal(first.created, true);
    assert.equal(first.committed, true);
    assert.equal(first.treeMatchesRemote, true);
    assert.equal(first.localCommit, headOf(local));
    assert.equal(first.remoteCommit, headOf(remote));
    assert.deepEqual(await apiTree(remote), await apiTree(local), 'the remote lists the local tree: same paths, oids, sizes, LFS details');
    assert.equal(rootTreeOf(remote), rootTreeOf(local), 'the root tree oids are equal');
    assert.deepEqual(await pythonTree(remote), await pythonTree(local), 'huggingface_hub sees the same tree on both sides');
    const contentBytes = Object.values(LOCAL_FILES).reduce((sum, content) => sum + Buffer.byteLength(content), 0);
    assert.ok(first.bytesTransferred >= contentBytes, `${first.bytesTransferred} bytes sent for ${contentBytes} of content`);
    assert.ok(proxy.received() >= first.bytesTransferred, 'the remote got at least the bytes the push counted');
    assert.ok(proxy.received() < first.bytesTransferred + 64 * 1024, `the remote got ${proxy.received()} bytes for ${first.bytesTransferred} of content`);
    const lfsPuts = proxy.seen.filter((request) => request.method === 'PUT');
    assert.deepEqual(lfsPuts.map((request) => request.bytes).sort((a, b) => a - b), [300 * 1024, MiB, MiB], 'two parts of the 2 MiB object, one PUT of the other');
    assert.ok(lfsPuts.every((request) => request.authorization === undefined), 'LFS uploads get no token');

    const changed = randomContent(400 * 1024);
    await commitFiles(local.core.store, local.core.store.getRepo('model', 'alice', 'm1').id, { 'weights/shards/part-1.bin': changed }, { lfs: LOCAL_LFS, title: 'retrain part 1' });
    const before = proxy.seen.length;
    const second = await pushFrom(local, { endpoint: proxy.url }, { token: remote.token });
    assert.equal(second.committed, true);
    assert.equal(second.created, false);
    assert.equal(second.filesTransferred, 1);
    assert.equal(second.bytesTransferred, changed.length, 'only the changed file\'s bytes were sent');
    const moved = proxy.received(before);
    assert.ok(moved >= changed.length && moved < changed.length + 16 * 1024, `the remote got ${moved} bytes for a ${changed.length}-byte change`);
    assert.deepEqual(proxy.seen.slice(before).filter((request) => request.method === 'PUT').length, 1);
    assert.deepEqual(await apiTree(remote), await apiTree(local));
    assert.equal([...remote.core.store.history(second.remoteCommit)][1]?.oid, first.remoteCommit, 'the push is a commit on the remote head');

    const third = await pushFrom(local, { endpoint: proxy.url }, { token: remote.token });
    assert.equal(third.committed, false, 'nothing changed: no commit');
    assert.equal(third.remoteCommit, second.remoteCommit);
    assert.equal(third.bytesTransferred, 0);
    assert.equal(headOf(remote), second.remoteCommit);
    const opened = openPusher({ config: local.core.config, db: local.core.db, store: local.core.store });
    const recorded = opened.pusher.lastPush(local.core.store.getRepo('model', 'alice', 'm1').id);
    await opened.close();
    assert.equal(recorded?.remote_commit, second.remoteCommit, 'the local commit ↔ remote commit mapping is recorded');
    assert.equal(recorded?.local_commit, second.localCommit);
    assert.equal(recorded?.remote_endpoint, proxy.url);
  });

  it('refuses to push over a remote that moved since the last sync (exit 1, naming the file, remote untouched); --force commits the local tree on top', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    await pushFrom(local, { endpoint: proxy.url, create: true }, { token: remote.token });
    const remoteRepo = remote.core.store.getRepo('model', 'alice', 'm1');
    const theirs = await commitFiles(remote.core.store, remoteRepo.id, { 'config.json': '{"model_type":"mistral"}', 'notes.md': 'theirs' }, { title: 'switch to mistral' });
    await commitFiles(local.core.store, local.core.store.getRepo('model', 'alice', 'm1').id, { 'README.md': '# m1, ours\n' }, { title: 'ours' });
    const remoteTree = await apiTree(remote);

    const refused = await runCli(['push', 'alice/m1', '--to', proxy.url, '--token', remote.token, '--data', local.dataDir, '--json']);
    assert.equal(refused.code, 1, refused.stderr);
    assert.equal(refused.stdout, '');
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.match(refused.stderr, /^hubkeeper: Refusing to push: alice\/m1@main on http:\/\/127\.0\.0\.1:\d+ moved since the last sync/);
    assert.match(refused.stderr, /1 modified \(config\.json\); 1 added \(notes\.md\)/, 'the message names what changed remotely');
    assert.match(refused.stderr, /Remote commits since: [0-9a-f]{12} "switch to mistral"/, 'and the remote commits since');
    assert.match(refused.stderr, /--force/);
    assert.equal(headOf(remote), theirs, 'the remote is untouched');
    assert.deepEqual(await apiTree(remote), remoteTree);

    const status = await runCli(['sync', 'status', 'alice/m1', '--data', local.dataDir, '--json']);
    assert.equal(status.code, 0, status.stderr);
    const [link] = (JSON.parse(status.stdout) as SyncStatusResponse).links;
    assert.equal(link?.endpoint, proxy.url, 'the remote pushed to is a linked remote');
    assert.equal(link?.lastSync?.direction, 'push');
    assert.equal(link?.ahead, 1, 'one local commit since the push');
    assert.equal(link?.behind, 1, 'one remote commit since the push');

    const forced = await runCli(['push', 'alice/m1', '--to', proxy.url, '--token', remote.token, '--data', local.dataDir, '--force', '--json']);
    assert.equal(forced.code, 0, forced.stderr);
    const result = JSON.parse(forced.stdout) as PushResult;
    for (const key of ['repo', 'localCommit', 'remoteCommit', 'filesTransferred', 'bytesTransferred'] as const) assert.ok(key in result, key);
    assert.equal(result.forced, true);
    assert.equal(result.filesDeleted, 1, 'notes.md goes');
    assert.equal(result.filesTransferred, 2, 'README.md and config.json');
    assert.deepEqual(remote.core.store.getCommit(result.remoteCommit)?.parents, [theirs], 'a commit on top of the remote head');
    assert.deepEqual(await apiTree(remote), await apiTree(local));
    assert.equal(rootTreeOf(remote), rootTreeOf(local));
  });

  it('refuses a first push to a non-empty remote repo it never synced with, unless the trees are equal', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    await seedRepo(remote.core.store, { files: { 'config.json': '{"model_type":"llama"}', 'other.txt': 'someone else\'s' } });
    const before = headOf(remote);
    await assert.rejects(pushFrom(local, { endpoint: proxy.url }, { token: remote.token }), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /never synced with it/);
      assert.match(error.message, /other\.txt/);
      return true;
    });
    assert.equal(headOf(remote), before);
    assert.equal(proxy.seen.filter((request) => request.method !== 'GET').length, 0, 'nothing was sent but reads');

    // alice/m2 has the same files as alice/m1, and no sync record with alice/twin: equal trees make the push a no-op that records the sync.
    await seedRepo(local.core.store, { name: 'm2', files: LOCAL_FILES, lfs: LOCAL_LFS });
    const twin = await pushFrom(local, { endpoint: proxy.url, as: 'alice/twin', create: true }, { token: remote.token });
    const same = await pushFrom(local, { repo: 'alice/m2', endpoint: proxy.url, as: 'alice/twin' }, { token: remote.token });
    assert.equal(same.committed, false);
    assert.equal(same.remoteCommit, twin.remoteCommit);
    assert.equal(same.treeMatchesRemote, true);
  });

  it('pushes back a repo pulled from the remote: the pull record is the last sync, so no divergence', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    await seedRepo(remote.core.store, { name: 'upstream', files: { 'config.json': '{}', 'big.bin': randomContent(MiB) }, lfs: ['big.bin'] });
    const opened = openPuller({ config: local.core.config, db: local.core.db, store: local.core.store });
    const pulled = await opened.puller.pull(parsePullSpec({ repo: 'alice/upstream', endpoint: proxy.url }), { token: remote.token }).finally(() => opened.close());
    await commitFiles(local.core.store, local.core.store.getRepo('model', 'alice', 'upstream').id, { 'config.json': '{"tuned":true}' }, { title: 'tune' });
    const pushed = await pushFrom(local, { repo: 'alice/upstream', endpoint: proxy.url }, { token: remote.token });
    assert.equal(pushed.forced, false);
    assert.equal(pushed.filesTransferred, 1);
    assert.equal(pushed.bytesTransferred, Buffer.byteLength('{"tuned":true}'));
    assert.deepEqual(remote.core.store.getCommit(pushed.remoteCommit)?.parents, [pulled.remoteCommit]);
    assert.deepEqual(await apiTree(remote, 'alice/upstream'), await apiTree(local, 'alice/upstream'));
  });

  it('fails cleanly when a commit lands on the remote during the push (parentCommit), and the rerun sends only what the remote lacks', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    await pushFrom(local, { endpoint: proxy.url, create: true }, { token: remote.token });
    const big = randomContent(8 * MiB);
    await commitFiles(local.core.store, local.core.store.getRepo('model', 'alice', 'm1').id, { 'weights/extra.safetensors': big, 'config.json': '{"v":2}' }, { lfs: ['weights/extra.safetensors'] });
    const remoteRepo = remote.core.store.getRepo('model', 'alice', 'm1');
    let landed: Promise<string> | undefined;
    // The push's commit reaches the remote only once the other commit has landed.
    proxy.hold.until = (method, path) => (method === 'POST' && path.includes('/commit/') ? landed : undefined);
    await assert.rejects(
      pushFrom(local, { endpoint: proxy.url }, {
        token: remote.token,
        onProgress: (progress) => {
          // Someone else commits to the remote while the LFS object is on its way.
          if (progress.bytesDone > 0 && landed === undefined) landed = commitFiles(remote.core.store, remoteRepo.id, { 'theirs.txt': 'x' }, { title: 'meanwhile' });
        },
      }),
      (error: unknown) => error instanceof Error && /moved during the push .*nothing was committed/.test(error.message),
    );
    proxy.hold.until = undefined;
    assert.ok(landed !== undefined);
    assert.equal(headOf(remote), await landed, 'the remote keeps the other commit, and nothing of ours');
    assert.equal((await apiTree(remote)).some((entry) => entry.path === 'weights/extra.safetensors'), false);

    // The other commit is a divergence now; forced, the rerun does not send the LFS object again (the remote has it).
    const before = proxy.seen.length;
    const rerun = await pushFrom(local, { endpoint: proxy.url, force: true }, { token: remote.token });
    assert.equal(proxy.seen.slice(before).filter((request) => request.method === 'PUT').length, 0, 'the uploaded object is not sent again');
    assert.ok(rerun.bytesTransferred < 1024, `${rerun.bytesTransferred} bytes sent again`);
    assert.deepEqual(await apiTree(remote), await apiTree(local));
  });

  it('pushes to a private remote repo it creates with a token; a wrong token or a missing repo fails in one line, exit 1, remote untouched', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    const base = ['push', 'alice/m1', '--to', proxy.url, '--data', local.dataDir];

    const missing = await runCli([...base, '--token', remote.token]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^hubkeeper: alice\/m1 was not found on http:\/\/127\.0\.0\.1:\d+: create it with --create/);
    const wrong = await runCli([...base, '--token', 'hf_wrongwrongwrongwrong', '--create', '--private']);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
    assert.match(wrong.stderr, /^hubkeeper: http:\/\/127\.0\.0\.1:\d+ refused the token/);
    assert.doesNotMatch(wrong.stderr + wrong.stdout, /hf_wrongwrong/, 'the token is never printed');
    assert.equal(remote.core.store.findRepo('model', 'alice', 'm1'), undefined, 'nothing was created');
    assert.equal((await runCli([...base, '--private'])).code, 1, '--private without --create is refused');

    const ok = await runCli([...base, '--token', remote.token, '--create', '--private']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^Created and pushed alice\/m1 @ [0-9a-f]{40} to http:\/\/127\.0\.0\.1:\d+ alice\/m1@main as [0-9a-f]{40}: 5 files/);
    assert.equal(remote.core.store.getRepo('model', 'alice', 'm1').private, true);
    assert.equal((await httpRequest(`${remote.url}/api/models/alice/m1`)).status, 401, 'anonymous callers do not see it');
    assert.deepEqual(await apiTree(remote), await apiTree(local));
  });

  it('runs as a sync-push job started from the app API by the owner only, with the saved token, which its params never hold', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    const hub = new HubRegistry(local.dataDir, []).add({ name: 'team', endpoint: proxy.url, token: remote.token });
    const body = { remote: 'team', type: 'model', repo: 'alice/m1', create: true };

    assertRefused(await appRequest(local, undefined, 'POST', '/sync/push', body), 401, 'Unauthorized', 'anonymous');
    local.core.accounts.createUser('bob');
    const bob = await tokenSession(local, local.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' }));
    assertRefused(await appRequest(local, bob, 'POST', '/sync/push', body), 403, 'Forbidden', 'another user');
    const reader = await tokenSession(local, local.core.accounts.createToken(local.user, { role: 'read', displayName: 'read-only' }));
    assertRefused(await appRequest(local, reader, 'POST', '/sync/push', body), 403, 'Forbidden', 'a read token of the owner');
    const owner = await ownerSession(local);
    assertRefused(await appRequest(local, owner, 'POST', '/sync/push', { ...body, repo: 'alice/nope' }), 404, 'RepoNotFound', 'a missing local repo');
    assert.equal(remote.core.store.findRepo('model', 'alice', 'm1'), undefined, 'no refused request pushed anything');

    const progress: number[] = [];
    local.core.jobs.events.on('progress', (event) => void (event.kind === SYNC_PUSH_JOB && progress.push(event.bytesDone)));
    const started = await appRequest(local, owner, 'POST', '/sync/push', { ...body, remote: hub.id });
    assert.equal(started.status, 200, started.text);
    const { jobId } = started.json() as { jobId: string };
    const done = await local.core.jobs.waitFor(Number(jobId));
    assert.equal(done.state, 'done', done.error);
    assert.equal(done.kind, SYNC_PUSH_JOB);
    assert.ok(!JSON.stringify(done.params).includes(remote.token), 'the token is not in the job params');
    const result = done.result as PushResult;
    assert.equal(result.created, true);
    assert.ok(progress.length > 0, 'the job reports progress');
    assert.deepEqual(await apiTree(remote), await apiTree(local));
  });

  it('previews a push (CLI --dry-run, app API push-preview) sending nothing; names the divergence a push would meet; the push job is listed beside downloads', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    const hub = new HubRegistry(local.dataDir, []).add({ name: 'team', endpoint: proxy.url, token: remote.token });
    const path = `/sync/model/alice%2Fm1/push-preview?remote=${encodeURIComponent(hub.name)}`;

    assertRefused(await appRequest(local, undefined, 'GET', path), 401, 'Unauthorized', 'anonymous');
    local.core.accounts.createUser('bob');
    const bob = await tokenSession(local, local.core.accounts.createToken('bob', { role: 'write', displayName: 'laptop' }));
    assertRefused(await appRequest(local, bob, 'GET', path), 403, 'Forbidden', 'another user');
    const owner = await ownerSession(local);
    assertRefused(await appRequest(local, owner, 'GET', '/sync/model/alice%2Fnope/push-preview?remote=team'), 404, 'RepoNotFound', 'a missing local repo');
    assertRefused(await appRequest(local, owner, 'GET', '/sync/model/alice%2Fm1/push-preview'), 400, 'BadRequest', 'no remote');

    const sent = proxy.seen.length;
    const fresh = (await appRequest(local, owner, 'GET', path)).json() as PushPreview;
    assert.equal(fresh.remoteExists, false, 'the remote repo does not exist yet');
    assert.equal(fresh.filesToSend, Object.keys(LOCAL_FILES).length + 1, 'every file and .gitattributes');
    assert.ok(fresh.bytesToSend > 2 * MiB);
    assert.equal(fresh.divergence, null);
    assert.ok(proxy.seen.slice(sent).every((seen) => seen.method === 'GET'), 'a preview only reads the remote');
    assert.equal(remote.core.store.findRepo('model', 'alice', 'm1'), undefined);

    await pushFrom(local, { endpoint: proxy.url, create: true }, { token: remote.token });
    await commitFiles(local.core.store, local.core.store.getRepo('model', 'alice', 'm1').id, { 'config.json': '{"model_type":"qwen"}' }, { title: 'ours' });
    // An admin is an owner session when signed in with a token; with a read token it may look, not write.
    local.core.accounts.setAdmin(local.user, true);
    const reader = await tokenSession(local, local.core.accounts.createToken(local.user, { role: 'read', displayName: 'read-only' }));
    const one = (await appRequest(local, reader, 'GET', path)).json() as PushPreview;
    assert.deepEqual([one.filesToSend, one.bytesToSend, one.filesToDelete, one.upToDate, one.divergence], [1, 21, 0, false, null], 'a read session may look: one changed file');
    assert.deepEqual(one.files.map((file) => file.path), ['config.json']);

    const remoteRepo = remote.core.store.getRepo('model', 'alice', 'm1');
    const theirs = await commitFiles(remote.core.store, remoteRepo.id, { 'notes.md': 'theirs' }, { title: 'their notes' });
    const dry = await runCli(['push', 'alice/m1', '--to', 'team', '--data', local.dataDir, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /would send 1 file \(21 B\) and delete 1/);
    assert.match(dry.stdout, /^send {4}config\.json {2}21 B$/m);
    assert.match(dry.stdout, /^delete {2}notes\.md$/m);
    assert.match(dry.stdout, /Would be refused: Refusing to push: .*1 added \(notes\.md\).*"their notes"/);
    const dryJson = await runCli(['push', 'alice/m1', '--to', 'team', '--data', local.dataDir, '--dry-run', '--json']);
    assert.equal(dryJson.code, 0, dryJson.stderr);
    const diverged = JSON.parse(dryJson.stdout) as PushPreview;
    assert.equal(diverged.remoteCommit, theirs);
    assert.match(diverged.divergence ?? '', /moved since the last sync/);
    assert.equal(headOf(remote), theirs, 'the remote is untouched');

    const started = await appRequest(local, owner, 'POST', '/sync/push', { remote: 'team', type: 'model', repo: 'alice/m1', force: true });
    assert.equal(started.status, 200, started.text);
    const { jobId } = started.json() as { jobId: string };
    assert.equal((await local.core.jobs.waitFor(Number(jobId))).state, 'done');
    const listed = ((await appRequest(local, owner, 'GET', '/downloads')).json() as DownloadsResponse).jobs.find((job) => job.id === jobId);
    assert.deepEqual([listed?.kind, listed?.repo, listed?.source, listed?.state], ['push', 'alice/m1', 'team', 'done'], 'the push is listed beside downloads');
    const upToDate = (await appRequest(local, owner, 'GET', path)).json() as PushPreview;
    assert.equal(upToDate.upToDate, true);
    assert.equal(upToDate.filesToSend, 0);
  });

  it('resumes after kill -9 mid-push: the rerun sends only the LFS object the remote still lacks', async (context) => {
    const t = lastInFirstOut(context);
    const local = await startServer(t);
    const remote = await startServer(t, { overrides: { host: '0.0.0.0' } });
    const proxy = await countingProxy(t, remote.url);
    const first = randomContent(3 * MiB);
    const second = randomContent(5 * MiB);
    await seedRepo(local.core.store, { files: { 'config.json': '{}', 'a.bin': first, 'b.bin': second }, lfs: ['a.bin', 'b.bin'] });
    // The first upload goes through; the later ones of the killed push never reach the remote.
    const gate = new Promise<void>(() => undefined);
    let uploads = 0;
    proxy.hold.until = (method) => (method === 'PUT' && ++uploads > 1 ? gate : undefined);
    const args = ['push', 'alice/m1', '--to', proxy.url, '--token', remote.token, '--create', '--data', local.dataDir, '--json'];

    const killed = startCli(args);
    while (!proxy.seen.some((request) => request.method === 'PUT')) {
      const exited = await Promise.race([killed.exited.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
      assert.ok(!exited, `the push ended before it could be killed: ${killed.stderr()}`);
    }
    killed.child.kill('SIGKILL');
    assert.equal((await killed.exited).signal, 'SIGKILL');
    proxy.hold.until = undefined;
    const sentBefore = proxy.seen.filter((request) => request.method === 'PUT').map((request) => request.bytes);
    assert.equal(sentBefore.length, 1);
    assert.equal(remote.core.store.findRepo('model', 'alice', 'm1') !== undefined, true, 'the repo was created');
    assert.deepEqual((await apiTree(remote)).map((entry) => entry.path), ['.gitattributes'], 'no commit of the killed push is visible');

    const before = proxy.seen.length;
    const rerun = await runCli(args.filter((arg) => arg !== '--create'));
    assert.equal(rerun.code, 0, rerun.stderr);
    const result = JSON.parse(rerun.stdout) as PushResult;
    const put = proxy.seen.slice(before).filter((request) => request.method === 'PUT').map((request) => request.bytes);
    const uploaded = sentBefore[0] === first.length ? second.length : first.length;
    assert.deepEqual(put, [uploaded], 'only the object the remote lacked went up again');
    assert.equal(result.bytesTransferred, uploaded + 2, 'that object and config.json');
    assert.deepEqual(await apiTree(remote), await apiTree(local));
  });

  it('pushes a local branch to the remote branch of that name, creating it from the remote default branch', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy, repo } = await twoHubs(t);
    const first = await pushFrom(local, { endpoint: proxy.url, create: true }, { token: remote.token });
    local.core.store.createBranch(repo.id, 'dev');
    await commitFiles(local.core.store, repo.id, { 'config.json': '{"dev":true}' }, { branch: 'dev', deletes: ['README.md'] });
    const dev = await pushFrom(local, { endpoint: proxy.url, revision: 'dev' }, { token: remote.token });
    assert.equal(dev.branch, 'dev');
    assert.equal(dev.filesTransferred, 1);
    assert.equal(dev.filesDeleted, 1);
    assert.equal(headOf(remote), first.remoteCommit, 'main is untouched');
    const remoteRepo = remote.core.store.getRepo('model', 'alice', 'm1');
    assert.equal(remote.core.store.resolveRevision(remoteRepo.id, 'dev'), dev.remoteCommit);
    const tree = (server: TestServer) => httpRequest(`${server.url}/api/models/alice/m1/tree/dev?recursive=true`, { headers: { authorization: `Bearer ${server.token}` } }).then((res) => res.json() as ListedEntry[]);
    assert.deepEqual((await tree(remote)).map(({ path, oid }) => [path, oid]), (await tree(local)).map(({ path, oid }) => [path, oid]));
  });

  it('cancels a running push job: the upload stops and the remote gets no commit', async (context) => {
    const t = lastInFirstOut(context);
    const { local, remote, proxy } = await twoHubs(t);
    let uploading: () => void = () => undefined;
    const upload = new Promise<void>((resolve) => (uploading = resolve));
    proxy.hold.until = (method) => {
      if (method !== 'PUT') return undefined;
      uploading();
      return new Promise<void>(() => undefined);
    };
    new HubRegistry(local.dataDir, []).add({ name: 'team', endpoint: proxy.url, token: remote.token });
    const job = local.core.jobs.enqueue(SYNC_PUSH_JOB, { repo: 'alice/m1', endpoint: proxy.url, create: true });
    await Promise.race([upload, local.core.jobs.waitFor(job.id).then((done) => assert.fail(`the job ended before its upload: ${done.state} ${done.error ?? ''}`))]);
    const cancelled = await local.core.jobs.cancel(job.id);
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(proxy.seen.some((request) => request.method === 'POST' && request.path.includes('/commit/')), false);
    assert.deepEqual((await apiTree(remote)).map((entry) => entry.path), ['.gitattributes'], 'the remote repo holds no pushed file');
  });

  // Its current source names a regular file by its git blob SHA-1, older ones by its sha256: both compare.
  for (const regularFileOid of ['git-sha1', 'sha256'] as const) {
    it(`pushes to a KohakuHub-shaped remote (regular files named by ${regularFileOid}): creates the repo, LFS objects go to its S3 by presigned PUT without the token, then only a changed file, then nothing`, async (context) => {
      const t = lastInFirstOut(context);
      const token = testToken();
      // Its LFS threshold below both local LFS files: the remote keeps them in LFS too.
      const replay = await startKohakuReplay(t, { token, regularFileOid, repos: [], lfsThreshold: 256 * 1024 });
      const local = await startServer(t);
      const { repo } = await seedRepo(local.core.store, { files: LOCAL_FILES, lfs: LOCAL_LFS });

      const first = await pushFrom(local, { endpoint: replay.url, create: true }, { token });
      assert.equal(first.created, true);
      assert.equal(first.committed, true);
      assert.match(first.remoteCommit, /^[0-9a-f]{64}$/);
      assert.equal(first.remoteCommit, replay.head('model', 'alice/m1'));
      assert.equal(first.treeMatchesRemote, false, 'KohakuHub lists no git tree oids to compare');
      const localTree = await apiTree(local);
      const remoteFiles = await kohakuTree(replay.url, token);
      assert.deepEqual(
        remoteFiles.map(({ path, size, lfs }) => [path, size, lfs?.oid ?? null]),
        localTree.filter((entry) => entry.type === 'file').map(({ path, size, lfs }) => [path, size, (lfs as { oid: string } | undefined)?.oid ?? null]),
        'the remote lists every local file with its size, LFS files with their sha256',
      );
      const puts = replay.s3.requests.filter((line) => line.startsWith('PUT /hub-storage/lfs/'));
      assert.equal(puts.length, LOCAL_LFS.length, 'each LFS object went to the storage host once');
      assert.deepEqual(replay.s3.leaks, [], 'no Authorization header reached the storage host');

      await commitFiles(local.core.store, repo.id, { 'config.json': '{"model_type":"mistral"}' });
      const second = await pushFrom(local, { endpoint: replay.url }, { token });
      assert.equal(second.committed, true);
      assert.equal(second.filesTransferred, 1);
      assert.equal(second.bytesTransferred, Buffer.byteLength('{"model_type":"mistral"}'));
      assert.equal(replay.s3.requests.filter((line) => line.startsWith('PUT ')).length, LOCAL_LFS.length, 'no LFS object sent again');
      assert.equal((await kohakuTree(replay.url, token)).find((entry) => entry.path === 'config.json')?.size, Buffer.byteLength('{"model_type":"mistral"}'));

      const writes = replay.requests.filter((line) => line.startsWith('POST ')).length;
      const third = await pushFrom(local, { endpoint: replay.url }, { token });
      assert.equal(third.committed, false);
      assert.equal(third.remoteCommit, second.remoteCommit);
      assert.equal(replay.requests.filter((line) => line.startsWith('POST ')).length, writes, 'nothing was written');
    });
  }

  it('stops at the first failure: a refused preupload stops the running uploads, a refused upload stops the preuploads; that first error is reported', async (context) => {
    const t = lastInFirstOut(context);
    const local = await startServer(t);
    const remote = await startServer(t, { overrides: { host: '0.0.0.0' } });
    const proxy = await countingProxy(t, remote.url);
    // 600 small files and one LFS object: three preupload calls of at most 256 files, the LFS object in the first.
    const small = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`data/f-${String(i).padStart(3, '0')}.json`, `{"i":${i}}`]));
    const object = randomContent(3 * MiB);
    await seedRepo(local.core.store, { files: { ...small, 'model.bin': object }, lfs: ['model.bin'] });
    const preuploads = () => proxy.seen.filter((request) => request.path.includes('/preupload/')).length;

    // The upload never ends; the second preupload is refused: the push must fail now, not when the upload would have.
    proxy.hold.until = (method) => (method === 'PUT' ? new Promise<void>(() => undefined) : undefined);
    let preuploaded = 0;
    proxy.hold.refuse = (method, path) => (path.includes('/preupload/') && ++preuploaded === 2 ? 503 : undefined);
    await assert.rejects(pushFrom(local, { endpoint: proxy.url, create: true }, { token: remote.token }), (error: unknown) => {
      assert.ok(error instanceof Error && /overloaded/.test(error.message), String(error));
      return true;
    });
    assert.equal(preuploads(), 2, 'no preupload after the refused one');
    assert.deepEqual((await apiTree(remote)).map((entry) => entry.path), ['.gitattributes'], 'no commit');

    // Now the local object is damaged: the remote refuses its upload (sha256), and the preuploads stop there.
    proxy.hold.until = undefined;
    proxy.hold.refuse = undefined;
    const file = local.core.store.blobs.pathOf(createHash('sha256').update(object).digest('hex'));
    const damaged = Buffer.from(object);
    damaged[0] = (damaged[0] as number) ^ 0xff;
    chmodSync(file, 0o644);
    writeFileSync(file, damaged);
    let uploadAnswered: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (uploadAnswered = resolve));
    // The second preupload waits until the refused upload is over; without the stop a third one followed it.
    const before = preuploads();
    let asked = 0;
    proxy.hold.until = (_method, path) => (path.includes('/preupload/') && ++asked === 2 ? answered : undefined);
    const pushing = pushFrom(local, { endpoint: proxy.url }, { token: remote.token });
    await assert.rejects(pushing.finally(uploadAnswered), (error: unknown) => {
      assert.ok(error instanceof Error && /hashes to sha256/.test(error.message), `the upload's refusal, not an abort: ${String(error)}`);
      return true;
    });
    assert.ok(preuploads() - before <= 2, `${preuploads() - before} preuploads`);
    assert.equal(asked, 2, 'the third preupload was never asked');
    assert.deepEqual((await apiTree(remote)).map((entry) => entry.path), ['.gitattributes'], 'no commit');
  });

  // KohakuHub decides LFS or regular by its own size threshold (here 512 KiB), whatever the local hub did.
  for (const regularFileOid of ['git-sha1', 'sha256'] as const) {
    it(`follows a KohakuHub-shaped remote's preupload answer (regular files named by ${regularFileOid}): a large local regular file goes to its S3, a small local LFS file goes inline`, async (context) => {
      const t = lastInFirstOut(context);
      const token = testToken();
      const replay = await startKohakuReplay(t, { token, regularFileOid, repos: [], lfsThreshold: 512 * 1024 });
      const local = await startServer(t);
      const table = randomContent(600 * 1024);
      const { repo } = await seedRepo(local.core.store, { files: { ...LOCAL_FILES, 'data/table.csv': table }, lfs: LOCAL_LFS });

      const first = await pushFrom(local, { endpoint: replay.url, create: true }, { token });
      assert.equal(first.committed, true);
      assert.equal(first.treeMatchesRemote, false);
      const remoteFiles = new Map((await kohakuTree(replay.url, token)).map((entry) => [entry.path, entry]));
      assert.equal(remoteFiles.get('data/table.csv')?.lfs?.oid, createHash('sha256').update(table).digest('hex'), 'the local regular file is in LFS on the remote');
      assert.equal(remoteFiles.get('weights/shards/part-1.bin')?.lfs, undefined, 'the small local LFS file is regular on the remote');
      assert.equal(remoteFiles.get('weights/shards/part-1.bin')?.size, 300 * 1024);
      assert.equal(remoteFiles.get('weights/model.safetensors')?.lfs?.oid !== undefined, true);
      const puts = replay.s3.requests.filter((line) => line.startsWith('PUT /hub-storage/lfs/'));
      assert.equal(puts.length, 2, 'model.safetensors and data/table.csv went to the storage host');
      assert.equal(first.bytesTransferred, (await apiTree(local)).reduce((sum, entry) => sum + (entry.type === 'file' ? entry.size : 0), 0), 'every file once, raw');

      await commitFiles(local.core.store, repo.id, { 'config.json': '{"model_type":"mistral"}' });
      const second = await pushFrom(local, { endpoint: replay.url }, { token });
      assert.equal(second.filesTransferred, 1);
      assert.equal(replay.s3.requests.filter((line) => line.startsWith('PUT ')).length, 2, 'no LFS object sent again');
    });
  }

  it('sends a large local LFS file inline when a KohakuHub-shaped remote keeps it regular (its upload started before the answer)', async (context) => {
    const t = lastInFirstOut(context);
    const token = testToken();
    const replay = await startKohakuReplay(t, { token, regularFileOid: 'git-sha1', repos: [], lfsThreshold: 64 * MiB });
    const local = await startServer(t);
    const big = randomContent(10 * MiB);
    await seedRepo(local.core.store, { files: { 'config.json': '{}', 'big.bin': big }, lfs: ['big.bin'] });
    const pushed = await pushFrom(local, { endpoint: replay.url, create: true }, { token });
    assert.equal(pushed.committed, true);
    const remote = (await kohakuTree(replay.url, token)).find((entry) => entry.path === 'big.bin');
    assert.equal(remote?.lfs, undefined, 'regular on the remote, as its preupload answered');
    assert.equal(remote?.size, big.length);
    assert.equal(remote?.oid, gitBlobOid(big), 'compared by the content git oid computed while it was sent');
  });

  it('refuses, before writing anything, a KohakuHub-shaped remote holding other files it never synced with (compared by sha256 and git oid)', async (context) => {
    const t = lastInFirstOut(context);
    const local = await startServer(t);
    await seedRepo(local.core.store, { files: { 'config.json': '{}' } });
    const replay = await startKohakuReplay(t, { repos: [{ type: 'model', id: 'alice/m1', files: { 'config.json': { content: '{"old":true}' } } }] });
    const refused = await runCli(['push', 'alice/m1', '--to', replay.url, '--token', 'hf_kohaku_token_123456', '--data', local.dataDir]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^hubkeeper: Refusing to push: alice\/m1@main on http:\/\/127\.0\.0\.1:\d+ has files this repo has never synced with it .*1 modified \(config\.json\); 1 removed \(\.gitattributes\)\. Pull first, or push with --force/);
    assert.deepEqual(replay.requests.filter((request) => !request.startsWith('GET ')), [], 'only reads reached the replay');
  });
});
