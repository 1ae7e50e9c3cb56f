import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request as forwardRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { HubRegistry } from '../../src/main/credentials/index.js';
import { SYNC_PUSH_JOB, openPusher, parsePushSpec, type PushCall, type PushResult, type PushSpecInput } from '../../src/main/sync/index.js';
import { cliEnv, ROOT } from '../helpers/cli-process.js';
import { lastInFirstOut, randomContent } from '../helpers/download-fixtures.js';
import { httpRequest } from '../helpers/http-request.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { commitFiles, seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';
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
async function countingProxy(t: Cleanup, target: string): Promise<{ url: string; seen: SeenRequest[]; received: (from?: number) => number }> {
  const upstream = new URL(target);
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    const forward = forwardRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.on('end', () => seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', bytes, authorization: req.headers.authorization }));
    req.pipe(forward);
  });
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
  return { url, seen, received: (from = 0) => seen.slice(from).reduce((sum, request) => sum + request.bytes, 0) };
}

/** The local hub with alice/m1 seeded, and an empty remote hub behind a counting proxy. */
async function twoHubs(t: Cleanup) {
  const local = await startServer(t);
  const remote = await startServer(t, { overrides: { host: '0.0.0.0' } });
  const seeded = await seedRepo(local.core.store, { files: LOCAL_FILES, lfs: LOCAL_LFS });
  const proxy = await countingProxy(t, remote.url);
  return { local, remote, proxy, ...seeded };
}

/** Pushes from a running local hub, in process, through the same Pusher the CLI and the job use. */
async function pushFrom(local: TestServer, input: Omit<PushSpecInput, 'repo'> & { repo?: string }, call: PushCall = {}): Promise<PushResult> {
  const opened = openPusher({ config: local.core.config, db: local.core.db, store: local.core.store });
  try {
    return await opened.pusher.push(parsePushSpec({ repo: 'alice/m1', ...input }), call);
  } finally {
    await opened.close();
  }
}

interface ListedEntry {
  readonly type: string;
  readonly path: string;
  readonly oid: string;
  readonly size: number;
  readonly lfs?: unknown;
}

/** The hub API's recursive tree listing (folders with their tree oids), without lastCommit. */
async function apiTree(server: TestServer, repo = 'alice/m1', token = server.token): Promise<ListedEntry[]> {
  const response = await httpRequest(`${server.url}/api/models/${repo}/tree/main?recursive=true`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, response.text);
  return (response.json() as ListedEntry[]).map(({ type, path, oid, size, lfs }) => ({ type, path, oid, size, ...(lfs === undefined ? {} : { lfs }) }));
}

function headOf(server: TestServer, repo = 'alice/m1'): string {
  const [namespace, name] = repo.split('/') as [string, string];
  return server.core.store.resolveRevision(server.core.store.getRepo('model', namespace, name).id, 'main');
}

function rootTreeOf(server: TestServer, repo = 'alice/m1'): string {
  return server.core.store.getCommit(headOf(server, repo))?.treeOid ?? '';
}

async function runCli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: cliEnv({ HF_HUB_DISABLE_PROGRESS_BARS: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exit) => resolve(exit));
  });
  return { code, stdout, stderr };
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
    assert.equal(lfsPuts.length, 2, 'one upload per LFS object');
    assert.ok(lfsPuts.every((request) => request.authorization === undefined), 'LFS uploads get no token');

    const changed = randomContent(400 * 1024);
    await commitFiles(local.core.store, (await local.core.store.getRepo('model', 'alice', 'm1')).id, { 'weights/shards/part-1.bin': changed }, { lfs: LOCAL_LFS, title: 'retrain part 1' });
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
});
