import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { httpRequest } from '../helpers/http-request.js';
import { parseResponseHead } from '../helpers/raw-request.js';
import { batchUpload, createTestRepo, fileLine, header, lfsLine, ndjson, postCommit, readOnlyToken, uploadLfs } from '../helpers/hub-write.js';
import { startServer, type Cleanup, type TestServer } from '../helpers/start-server.js';
import type { FuzzRequest, FuzzTargets } from './fuzz-request.js';
import { fillCommunity } from './community-fixture.js';
import { generateRequest } from './request-generators.js';
import { SeededRandom } from '../helpers/seeded-random.js';

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** Where to report progress and failures (console.log by default). */
  readonly print?: (line: string) => void;
}

export interface FuzzFailure {
  readonly index: number;
  readonly problem: string;
  readonly request: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly cases: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly byFamily: Readonly<Record<string, number>>;
  readonly failures: readonly FuzzFailure[];
  /** Empty when the store (SQLite rows, blob files) is byte for byte as before; otherwise what changed. */
  readonly storeChanges: readonly string[];
}

/** Tables that hold the hub's repos, refs, git objects, discussions, access requests and collections. */
const STORE_TABLES = [
  'repos', 'repo_redirects', 'refs', 'git_blobs', 'git_blob_contents', 'git_trees', 'git_tree_entries', 'git_commits', 'repo_commits',
  'discussions', 'discussion_events', 'access_requests', 'collections', 'collection_items',
];
const REQUEST_TIMEOUT_MS = 20_000;
const BROKEN_FRAMING_TIMEOUT_MS = 2_000;
const MiB = 1024 * 1024;

/**
 * Starts a real hub with a small store, sends `cases` generated malformed requests, and checks
 * each answer (no 5xx, every error in our format) and, at the end, that the store is unchanged.
 */
export async function runFuzz(cleanup: Cleanup, options: FuzzOptions): Promise<FuzzReport> {
  const print = options.print ?? ((line: string) => console.log(line));
  print(`fuzz: seed ${options.seed}, ${options.cases} cases (replay: npm run fuzz -- --cases ${options.cases} --seed ${options.seed})`);
  const { server, targets } = await startFixture(cleanup);
  const before = storeSnapshot(server.dataDir);
  const random = new SeededRandom(options.seed);
  const requests: FuzzRequest[] = Array.from({ length: options.cases }, () => generateRequest(random, targets));
  const host = new URL(server.url).host;
  const byStatus: Record<string, number> = {};
  const byFamily: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  /** Writes the server accepted: where to look when the store changed. */
  const accepted: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const index = next++;
      const request = requests[index];
      if (!request) continue;
      byFamily[request.family] = (byFamily[request.family] ?? 0) + 1;
      const outcome = await send(server.url, host, request);
      const key = 'status' in outcome ? String(outcome.status) : 'closed';
      byStatus[key] = (byStatus[key] ?? 0) + 1;
      if ('status' in outcome && outcome.status < 300 && !['GET', 'HEAD'].includes(request.method)) accepted.push(`case ${index} (${request.family}) ${outcome.status}: ${describe(request, host)}`);
      const problem = checkOutcome(request, outcome);
      if (problem) {
        failures.push({ index, problem, request: describe(request, host) });
        if (failures.length <= 20) print(`fuzz: case ${index} (${request.family}): ${problem}\n  ${describe(request, host)}`);
      }
      if ((index + 1) % 10_000 === 0) print(`fuzz: ${index + 1} cases sent, ${failures.length} failures`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  const after = storeSnapshot(server.dataDir);
  const storeChanges = [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key)).sort();
  if (storeChanges.length > 0) print(`fuzz: requests that changed state were among these accepted ones:\n  ${accepted.slice(0, 30).join('\n  ')}`);
  print(`fuzz: statuses ${JSON.stringify(byStatus)}; families ${JSON.stringify(byFamily)}`);
  print(`fuzz: ${failures.length} failing answers, ${storeChanges.length} store changes${storeChanges.length ? `: ${storeChanges.slice(0, 10).join(', ')}` : ''}`);
  return { seed: options.seed, cases: options.cases, byStatus, byFamily, failures, storeChanges };
}

type Outcome = { status: number; headers: Map<string, string>; body: Buffer } | { closed: string };

function checkOutcome(request: FuzzRequest, outcome: Outcome): string | undefined {
  if (!('status' in outcome)) {
    // A body whose framing the client broke on purpose may end the connection without an answer.
    return request.noLength ? undefined : `no answer: ${outcome.closed}`;
  }
  const { status, headers, body } = outcome;
  if (status >= 500) return `answered ${status}: ${body.toString('utf8').slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!headers.get('x-error-code')) return `answered ${status} without X-Error-Code: ${body.toString('utf8').slice(0, 200)}`;
  if (request.method === 'HEAD') return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: unknown };
    if (typeof parsed.error !== 'string') return `answered ${status} with a JSON body without "error"`;
  } catch {
    return `answered ${status} with a body that is not JSON: ${body.toString('utf8').slice(0, 200)}`;
  }
  return undefined;
}

function describe(request: FuzzRequest, host: string): string {
  const head = rawHead(request, host).toString('latin1');
  const text = `${head}${request.body ? request.body.subarray(0, 300).toString('latin1') : ''}`;
  return JSON.stringify(text.length > 800 ? `${text.slice(0, 800)}...` : text);
}

function rawHead(request: FuzzRequest, host: string): Buffer {
  const lines: Buffer[] = [Buffer.from(`${request.method} `), request.target, Buffer.from(' HTTP/1.1\r\n')];
  if (!request.noHost && !request.headers.some(([name]) => name === 'host')) lines.push(Buffer.from(`Host: ${host}\r\n`));
  for (const [name, value] of request.headers) lines.push(Buffer.from(`${name}: `), typeof value === 'string' ? Buffer.from(value, 'utf8') : value, Buffer.from('\r\n'));
  if (!request.noLength && request.body) lines.push(Buffer.from(`Content-Length: ${request.body.length}\r\n`));
  lines.push(Buffer.from('Connection: close\r\n\r\n'));
  return Buffer.concat(lines);
}

/** Sends one request on a new connection (Connection: close) and reads its one answer. */
function send(base: string, host: string, request: FuzzRequest): Promise<Outcome> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (outcome: Outcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    // A body framed wrongly on purpose may leave the server waiting for bytes that never come.
    const timeout = request.noLength ? BROKEN_FRAMING_TIMEOUT_MS : REQUEST_TIMEOUT_MS;
    const timer = setTimeout(() => finish({ closed: `no answer within ${timeout} ms` }), timeout);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => finish(parseAnswer(Buffer.concat(chunks))));
    // No half-close: Node aborts requests still in progress when the client ends its side.
    socket.write(request.body ? Buffer.concat([rawHead(request, host), request.body]) : rawHead(request, host));
  });
}

function parseAnswer(received: Buffer): Outcome {
  let bytes = received;
  // Skip interim answers (100 Continue) to the final one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(bytes.subarray(0, 16).toString('latin1')) && bytes.indexOf('\r\n\r\n') !== -1) {
    bytes = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
  }
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return { closed: bytes.length === 0 ? 'connection closed without an answer' : `incomplete answer ${JSON.stringify(bytes.toString('latin1').slice(0, 100))}` };
  const head = parseResponseHead(bytes.subarray(0, headEnd));
  const { headers } = head;
  let body = bytes.subarray(headEnd + 4);
  const length = headers.get('content-length');
  if (length !== undefined) body = body.subarray(0, Number(length));
  return { status: head.status ?? 0, headers, body };
}

/** A content hash per store row and per blob file: equal maps mean an unchanged store. */
function storeSnapshot(dataDir: string): Map<string, string> {
  const snapshot = new Map<string, string>();
  const db = new Database(join(dataDir, 'hubkeeper.db'), { readonly: true, fileMustExist: true });
  try {
    for (const table of STORE_TABLES) {
      const rows = db.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][];
      const serialized = rows.map((row) => JSON.stringify(row.map((cell) => (Buffer.isBuffer(cell) ? cell.toString('hex') : cell)))).sort();
      snapshot.set(`table ${table}`, createHash('sha256').update(serialized.join('\n')).digest('hex'));
    }
  } finally {
    db.close();
  }
  const blobs = join(dataDir, 'blobs');
  for (const name of readdirSync(blobs, { recursive: true }).map(String)) {
    const full = join(blobs, name);
    if (statSync(full).isFile()) snapshot.set(`blob ${name}`, createHash('sha256').update(readFileSync(full)).digest('hex'));
  }
  return snapshot;
}

/** The fixture store: public, private and dataset repos, LFS content, a branch and a tag, a UI build and a UI session. */
async function startFixture(cleanup: Cleanup): Promise<{ server: TestServer; targets: FuzzTargets }> {
  const uiRoot = mkdtempSync(join(tmpdir(), 'hubkeeper-fuzz-ui-'));
  cleanup.after(() => rmSync(uiRoot, { recursive: true, force: true }));
  const uiDir = join(uiRoot, 'renderer');
  mkdirSync(join(uiDir, 'assets'), { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>HubKeeper</title>');
  writeFileSync(join(uiDir, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(uiDir, '.env'), 'SECRET=1');
  writeFileSync(join(uiRoot, 'package.json'), '{"name":"outside the UI"}');
  const server = await startServer(cleanup, { overrides: { logLevel: 'warn', multipartThreshold: 2 * MiB, multipartChunkSize: MiB, uiDir } });
  return { server, targets: await fillStore(server) };
}

async function fillStore(server: TestServer): Promise<FuzzTargets> {
  const repo = createTestRepo(server, 'm1');
  createTestRepo(server, 'p1', { private: true });
  createTestRepo(server, 'd1', { type: 'dataset' });
  const lfs = Buffer.alloc(3000, 7);
  await uploadLfs(server, repo, lfs);
  const committed = await postCommit(server, repo, ndjson([header('fixture'), fileLine('a.txt', 'hello'), fileLine('sub/b.json', '{"b":1}'), lfsLine('big.bin', lfs)]));
  if (committed.status !== 200) throw new Error(`fixture commit failed: ${committed.text}`);
  const head = server.core.store.resolveRevision(repo.id, 'main');
  server.core.store.writeBranch(repo.id, 'dev', { from: 'main', empty: false, overwrite: false, author: { name: 'alice', email: 'alice@example.com' } });
  server.core.store.createTag(repo.id, 'v1', 'main');
  const readToken = readOnlyToken(server);
  const community = await fillCommunity(server, repo, readToken);

  const code = /#\/sign-in\/(.+)$/.exec(server.core.ui.signInUrl(server.url))?.[1] ?? '';
  const signIn = await httpRequest(`${server.url}/-/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  if (signIn.status !== 200) throw new Error(`fixture sign-in failed: ${signIn.text}`);

  const pathOf = (href: string | undefined): string => {
    if (!href) throw new Error('the fixture batch offered no URL');
    const url = new URL(href);
    return `${url.pathname}${url.search}`;
  };
  const basic = (await batchUpload(server, repo, [Buffer.from('fuzz upload target')])).objects[0]?.actions;
  const multipart = (await batchUpload(server, repo, [Buffer.alloc(2.5 * MiB, 3)], ['basic', 'multipart'])).objects[0]?.actions?.upload;
  const partHeader = multipart?.header ?? {};
  const download = await httpRequest(`${server.url}/${repo.fullName}.git/info/lfs/objects/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/vnd.git-lfs+json', accept: 'application/vnd.git-lfs+json' },
    body: JSON.stringify({ operation: 'download', objects: [{ oid: createHash('sha256').update(lfs).digest('hex'), size: lfs.length }] }),
  });
  const downloadHref = (download.json() as { objects: Array<{ actions?: { download?: { href: string } } }> }).objects[0]?.actions?.download?.href;
  return {
    repo: repo.fullName,
    privateRepo: `${server.user}/p1`,
    dataset: `${server.user}/d1`,
    head,
    lfsOid: createHash('sha256').update(lfs).digest('hex'),
    token: server.token,
    readToken,
    cookie: signIn.header('set-cookie').split(';')[0] ?? '',
    upload: pathOf(basic?.upload?.href),
    verify: pathOf(basic?.verify?.href),
    parts: Object.entries(partHeader).filter(([key]) => /^\d+$/.test(key)).map(([, href]) => pathOf(href)),
    complete: pathOf(multipart?.href),
    download: pathOf(downloadHref),
    community,
  };
}
