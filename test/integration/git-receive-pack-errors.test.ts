import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { after, test } from 'node:test';
import type { RepoRecord } from '../../src/main/store/index.js';
import { bearer, httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { createTestRepo, headOf } from '../helpers/hub-write.js';
import { startServer } from '../helpers/start-server.js';

const server = await startServer({ after });
const ZERO = '0'.repeat(40);

function pkt(text: string): Buffer {
  const body = Buffer.from(text);
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

/** A pack entry's type-and-size header (git's little-endian base-128 with the type in the first byte). */
function entryHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 15);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

function pack(count: number, entries: readonly Buffer[]): Buffer {
  const head = Buffer.alloc(12);
  head.write('PACK', 0, 'latin1');
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(count, 8);
  const body = Buffer.concat([head, ...entries]);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

function blobEntry(content: Buffer): Buffer {
  return Buffer.concat([entryHeader(3, content.length), deflateSync(content)]);
}

function oidOf(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function push(repo: RepoRecord, body: Buffer): Promise<HttpResponse> {
  return httpRequest(`${server.url}/${repo.fullName}.git/git-receive-pack`, {
    method: 'POST',
    headers: { ...bearer(server.token), 'content-type': 'application/x-git-receive-pack-request' },
    body,
  });
}

function commands(lines: readonly string[]): Buffer {
  return Buffer.concat([...lines.map((line, index) => pkt(index === 0 ? `${line}\0report-status\n` : `${line}\n`)), Buffer.from('0000')]);
}

function snapshot(repo: RepoRecord): string {
  return JSON.stringify(server.core.store.allRefs(repo.id));
}

function tempFiles(): string[] {
  return readdirSync(join(server.dataDir, 'tmp'));
}

const cases: Array<[string, (repo: RepoRecord) => Buffer, RegExp]> = [
  [
    'a truncated pack',
    () => {
      const whole = pack(1, [blobEntry(randomBytes(5000))]);
      return Buffer.concat([commands([`${ZERO} ${ZERO.replace(/0$/, '1')} refs/heads/t`]), whole.subarray(0, whole.length - 100)]);
    },
    /unpack .*(truncated|checksum)/,
  ],
  [
    'corrupt zlib data',
    () => {
      const garbage = Buffer.concat([entryHeader(3, 100), Buffer.from('this is not zlib data at all, not even close')]);
      return Buffer.concat([commands([`${ZERO} ${'1'.repeat(40)} refs/heads/z`]), pack(1, [garbage])]);
    },
    /unpack .*corrupt or truncated zlib/,
  ],
  [
    'a delta against a missing base',
    () => {
      const delta = Buffer.from([10, 5, 5, 104, 101, 108, 108, 111]);
      const entry = Buffer.concat([entryHeader(7, delta.length), randomBytes(20), deflateSync(delta)]);
      return Buffer.concat([commands([`${ZERO} ${'2'.repeat(40)} refs/heads/d`]), pack(1, [entry])]);
    },
    /unpack .*missing base/,
  ],
  [
    'a pack bomb declaring a huge object',
    () => {
      const bomb = Buffer.concat([entryHeader(3, 2 ** 45), deflateSync(Buffer.alloc(1000))]);
      return Buffer.concat([commands([`${ZERO} ${'3'.repeat(40)} refs/heads/b`]), pack(1, [bomb])]);
    },
    /unpack .*declares 35184372088832 bytes, more than/,
  ],
  [
    'a pack bomb declaring millions of objects',
    () => Buffer.concat([commands([`${ZERO} ${'4'.repeat(40)} refs/heads/m`]), pack(4_000_000_000, [])]),
    /unpack .*4000000000 objects/,
  ],
  [
    'a commit whose tree is missing',
    () => {
      const commit = Buffer.from(`tree ${'5'.repeat(40)}\nauthor a <a@b> 1 +0000\ncommitter a <a@b> 1 +0000\n\nx\n`);
      const oid = createHash('sha1').update(`commit ${commit.length}\0`).update(commit).digest('hex');
      return Buffer.concat([commands([`${ZERO} ${oid} refs/heads/c`]), pack(1, [Buffer.concat([entryHeader(1, commit.length), deflateSync(commit)])])]);
    },
    /unpack .*missing tree/,
  ],
  [
    'a tree out of git order (folder a sorts as a/ so after a.b) with its entries',
    () => {
      const entry = (mode: string, name: string): Buffer => Buffer.concat([Buffer.from(`${mode} ${name}\0`), randomBytes(20)]);
      const tree = Buffer.concat([entry('40000', 'a'), entry('100644', 'a.b')]);
      const oid = createHash('sha1').update(`tree ${tree.length}\0`).update(tree).digest('hex');
      return Buffer.concat([commands([`${ZERO} ${oid} refs/heads/o`]), pack(1, [Buffer.concat([entryHeader(2, tree.length), deflateSync(tree)])])]);
    },
    /unpack .*invalid tree [0-9a-f]{40}: entries not sorted or duplicated/,
  ],
];

for (const [name, body, expected] of cases) {
  test(`${name} is refused in the report, within bounded memory, the store unchanged`, async () => {
    const repo = createTestRepo(server, `bad-${name.replace(/\W+/g, '-')}`);
    const before = snapshot(repo);
    const rss = process.memoryUsage().rss;
    const res = await push(repo, body(repo));
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, expected);
    assert.match(res.text, /ng refs\/heads\/\w unpacker error/);
    assert.ok(process.memoryUsage().rss - rss < 64 * 1024 * 1024, 'memory grew with the declared sizes');
    assert.equal(snapshot(repo), before);
    assert.deepEqual(tempFiles().filter((file) => file.startsWith('receive-')), []);
  });
}

test('a tip that names a blob, not a commit, is refused for its ref (missing necessary objects)', async () => {
  const repo = createTestRepo(server, 'stale');
  const content = Buffer.from('hello\n');
  const res = await push(repo, Buffer.concat([commands([`${'6'.repeat(40)} ${oidOf(content)} refs/heads/main`]), pack(1, [blobEntry(content)])]));
  assert.equal(res.status, 200, res.text);
  assert.match(res.text, /unpack ok/);
  assert.match(res.text, /ng refs\/heads\/main missing necessary objects/);
});

test('a pkt-line with a bad length is an ERR packet, not a 500', async () => {
  const repo = createTestRepo(server, 'badpkt');
  const res = await push(repo, Buffer.from('zzzz0000'));
  assert.equal(res.status, 200);
  assert.match(res.text, /ERR bad pkt-line length/);
  const short = await push(repo, Buffer.from('0003'));
  assert.match(short.text, /ERR bad pkt-line length 3/);
});

test('ref names with ".." or control characters, and refs outside heads/tags, are refused', async () => {
  const repo = createTestRepo(server, 'badref');
  const before = headOf(server, repo);
  for (const ref of ['refs/heads/a..b', 'refs/heads/a\u0001b', 'refs/heads/a b', 'refs/notes/x', 'HEAD']) {
    const res = await push(repo, commands([`${before} ${ZERO} ${ref}`]));
    assert.equal(res.status, 200);
    assert.match(res.text, /ERR (invalid ref name|malformed ref update)/, ref);
  }
  const twice = await push(repo, commands([`${before} ${ZERO} refs/heads/x`, `${before} ${ZERO} refs/heads/x`]));
  assert.match(twice.text, /ERR ref refs\/heads\/x is updated twice/);
  assert.equal(headOf(server, repo), before);
});

test('the probe POST (a lone flush) is answered 200 empty, and discovery needs credentials', async () => {
  const repo = createTestRepo(server, 'probe');
  const probe = await push(repo, Buffer.from('0000'));
  assert.equal(probe.status, 200);
  assert.equal(probe.text, '');
  const gzipped = await httpRequest(`${server.url}/${repo.fullName}.git/git-receive-pack`, {
    method: 'POST',
    headers: { ...bearer(server.token), 'content-type': 'application/x-git-receive-pack-request', 'content-encoding': 'gzip' },
    body: gzipSync(commands([`${headOf(server, repo)} ${ZERO} refs/heads/main`])),
  });
  assert.match(gzipped.text, /ng refs\/heads\/main refusing to delete the default branch main/);
  const anonymous = await httpRequest(`${server.url}/${repo.fullName}.git/info/refs?service=git-receive-pack`);
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.headers['www-authenticate'] as string, /^Basic /);
  const discovery = await httpRequest(`${server.url}/${repo.fullName}.git/info/refs?service=git-receive-pack`, { headers: bearer(server.token) });
  assert.equal(discovery.status, 200);
  assert.match(discovery.text, /report-status report-status-v2 delete-refs side-band-64k quiet atomic push-options ofs-delta/);
});
