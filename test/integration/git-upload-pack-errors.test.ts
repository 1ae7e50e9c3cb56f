import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { RepoRecord } from '../../src/main/store/index.js';
import { GitClient, urlWithToken } from '../helpers/git-client.js';
import { httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { createTestRepo, fileLine, header, ndjson, postCommit, readOnlyToken } from '../helpers/hub-write.js';
import { startServer } from '../helpers/start-server.js';

const server = await startServer({ after });
const publicRepo = createTestRepo(server, 'pub');
const privateRepo = createTestRepo(server, 'secret', { private: true });
await commitFile(publicRepo, 'a.txt', 'public\n');
const privateCommit = await commitFile(privateRepo, 'only-here.txt', 'private bytes\n');
const bobToken = readOnlyToken(server, 'bob');
const aliceReadToken = server.core.accounts.createToken('alice', { role: 'read', displayName: 'read' });

async function commitFile(repo: RepoRecord, path: string, content: string): Promise<string> {
  const res = await postCommit(server, repo, ndjson([header(`add ${path}`), fileLine(path, content)]));
  assert.equal(res.status, 200, res.text);
  return (res.json() as { commitOid: string }).commitOid;
}

function pkt(line: string): string {
  return (line.length + 4).toString(16).padStart(4, '0') + line;
}

function basic(token: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`git:${token}`).toString('base64')}` };
}

function uploadPack(repo: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return httpRequest(`${server.url}/alice/${repo}/git-upload-pack`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-git-upload-pack-request', ...headers },
    body,
  });
}

function refsSnapshot(): string {
  return JSON.stringify([server.core.store.allRefs(publicRepo.id), server.core.store.allRefs(privateRepo.id)]);
}

test('the advertisement is smart HTTP: its media type, the service preamble, HEAD first with its symref, refs sorted, no caching', async () => {
  const head = server.core.store.resolveRevision(publicRepo.id, 'main');
  server.core.store.createTag(publicRepo.id, 'v1', head);
  // A pull request's ref, as the store keeps it.
  server.core.db.prepare('INSERT INTO refs (repo_id, name, commit_oid) VALUES (?, ?, ?)').run(publicRepo.id, 'refs/pr/1', head);
  for (const path of ['/alice/pub', '/alice/pub.git']) {
    const res = await httpRequest(`${server.url}${path}/info/refs?service=git-upload-pack`);
    assert.equal(res.status, 200);
    assert.equal(res.header('content-type'), 'application/x-git-upload-pack-advertisement');
    assert.match(res.header('cache-control'), /no-cache/);
    const preamble = '001e# service=git-upload-pack\n0000';
    assert.ok(res.text.startsWith(preamble), res.text.slice(0, 80));
    assert.ok(res.text.slice(preamble.length + 4).startsWith(`${head} HEAD\0multi_ack_detailed side-band-64k`));
    assert.match(res.text, /symref=HEAD:refs\/heads\/main/);
    assert.match(res.text, new RegExp(`${head} refs/heads/main\n[0-9a-f]{4}${head} refs/pr/1\n[0-9a-f]{4}${head} refs/tags/v1\n0000$`));
  }
  const v2 = await httpRequest(`${server.url}/alice/pub/info/refs?service=git-upload-pack`, { headers: { 'git-protocol': 'version=2' } });
  assert.ok(v2.text.startsWith('000eversion 2\n'));
  assert.match(v2.text, /fetch=shallow filter\n/);
});

test('v2 object-info gives the sizes of objects the repo reaches, and refuses others', async () => {
  const head = server.core.store.resolveRevision(publicRepo.id, 'main');
  const blob = server.core.store.getEntry(head, 'a.txt');
  assert.ok(blob?.type === 'file');
  const v2 = { 'git-protocol': 'version=2' };
  const res = await uploadPack('pub', `${pkt('command=object-info\n')}0001${pkt('size\n')}${pkt(`oid ${blob.oid}\n`)}0000`, v2);
  assert.equal(res.text, `${pkt('size\n')}${pkt(`${blob.oid} 7\n`)}0000`);
  const foreign = await uploadPack('pub', `${pkt('command=object-info\n')}0001${pkt('size\n')}${pkt(`oid ${privateCommit}\n`)}0000`, v2);
  assert.match(foreign.text, /ERR upload-pack: not our ref/);
});

test('dumb-protocol paths are 404, an unknown service 403, a wrong request type 415', async () => {
  assert.equal((await httpRequest(`${server.url}/alice/pub/info/refs`)).status, 404);
  assert.equal((await httpRequest(`${server.url}/alice/pub.git/info/refs`)).status, 404);
  assert.equal((await httpRequest(`${server.url}/alice/pub/HEAD`)).status, 404);
  assert.equal((await httpRequest(`${server.url}/alice/pub/objects/info/packs`)).status, 404);
  const unknown = await httpRequest(`${server.url}/alice/pub/info/refs?service=git-frobnicate`);
  assert.equal(unknown.status, 403);
  assert.equal(unknown.header('x-error-code'), 'Forbidden');
  const wrongType = await uploadPack('pub', `${pkt('want 0000000000000000000000000000000000000000\n')}0000`, { 'content-type': 'application/json' });
  assert.equal(wrongType.status, 415);
});

test('a private repo: anonymous gets a Basic challenge, another user "not found", its own read token the refs', async () => {
  const url = `${server.url}/alice/secret/info/refs?service=git-upload-pack`;
  const anonymous = await httpRequest(url);
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.header('www-authenticate'), /^Basic realm=/);
  const missing = await httpRequest(`${server.url}/alice/nothing-here/info/refs?service=git-upload-pack`, { headers: basic(server.token) });
  assert.equal(missing.status, 404);
  assert.equal(missing.header('x-error-code'), 'RepoNotFound');
  const bob = await httpRequest(url, { headers: basic(bobToken) });
  assert.equal(bob.status, 404);
  assert.equal(bob.header('x-error-code'), 'RepoNotFound');
  const bobPost = await uploadPack('secret', `${pkt(`want ${privateCommit}\n`)}0000${pkt('done\n')}`, basic(bobToken));
  assert.equal(bobPost.status, 404);
  const wrong = await httpRequest(url, { headers: basic('hf_not_a_token') });
  assert.equal(wrong.status, 401);
  const reader = await httpRequest(url, { headers: basic(aliceReadToken) });
  assert.equal(reader.status, 200);
  assert.match(reader.text, new RegExp(`${privateCommit} refs/heads/main`));
});

test('bad requests are refused with an ERR packet, and the store is unchanged', async () => {
  const before = refsSnapshot();
  const badLength = await uploadPack('pub', 'zz12want');
  assert.equal(badLength.status, 200);
  assert.equal(badLength.header('x-error-code'), 'BadRequest');
  assert.match(badLength.text, /^[0-9a-f]{4}ERR bad pkt-line length/);
  const truncated = await uploadPack('pub', '00ffwant 1234');
  assert.match(truncated.text, /ERR truncated pkt-line/);
  const unknown = await uploadPack('pub', `${pkt(`want ${'ab'.repeat(20)} side-band-64k\n`)}0000${pkt('done\n')}`);
  assert.match(unknown.text, /ERR upload-pack: not our ref abab/);
  // A commit of another (private) repo is not reachable from this one's refs: never sent.
  const foreign = await uploadPack('pub', `${pkt(`want ${privateCommit}\n`)}0000${pkt('done\n')}`);
  assert.match(foreign.text, new RegExp(`ERR upload-pack: not our ref ${privateCommit}`));
  const badFilter = await uploadPack('pub', `${pkt(`want ${server.core.store.resolveRevision(publicRepo.id, 'main')}\n`)}${pkt('filter tree:0\n')}0000${pkt('done\n')}`);
  assert.match(badFilter.text, /ERR unsupported filter "tree:0"/);
  const v2Unknown = await uploadPack('pub', `${pkt('command=frob\n')}0000`, { 'git-protocol': 'version=2' });
  assert.match(v2Unknown.text, /ERR unknown command "frob"/);
  assert.equal(refsSnapshot(), before);
});

test('gzip request bodies are read; one that inflates past the cap is a 413, not an out-of-memory', async () => {
  const head = server.core.store.resolveRevision(publicRepo.id, 'main');
  const request = `${pkt(`want ${head} side-band-64k no-progress\n`)}0000${pkt('done\n')}`;
  const res = await uploadPack('pub', gzipSync(request), { 'content-encoding': 'gzip' });
  assert.equal(res.status, 200);
  assert.ok(res.body.subarray(0, 8).toString() === '0008NAK\n');
  assert.ok(res.body.includes(Buffer.from('PACK')));
  const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x30));
  const refused = await uploadPack('pub', bomb, { 'content-encoding': 'gzip' });
  assert.equal(refused.status, 413);
  assert.equal(refused.header('x-error-code'), 'PayloadTooLarge');
  const corrupt = await uploadPack('pub', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
  assert.equal(corrupt.status, 400);
});

test('a repo with 100,000 refs is advertised and ls-remote lists them all (v0 and v2 ref-prefix)', async () => {
  const repo = createTestRepo(server, 'many-refs');
  const head = server.core.store.resolveRevision(repo.id, 'main');
  const insert = server.core.db.prepare('INSERT INTO refs (repo_id, name, commit_oid) VALUES (?, ?, ?)');
  server.core.db.transaction(() => {
    for (let i = 0; i < 100_000; i++) insert.run(repo.id, `refs/tags/t${String(i).padStart(6, '0')}`, head);
  })();
  const client = await GitClient.create();
  const heapBefore = process.memoryUsage().heapUsed;
  const v0 = await client.ok('.', ['-c', 'protocol.version=0', 'ls-remote', urlWithToken(`${server.url}/alice/many-refs`, server.token)]);
  assert.equal(v0.trim().split('\n').length, 100_000 + 2);
  const v2 = await client.ok('.', ['-c', 'protocol.version=2', 'ls-remote', `${server.url}/alice/many-refs`, 'refs/tags/t00001*']);
  assert.equal(v2.trim().split('\n').length, 10);
  // The advertisement streams one packet per ref: the heap does not hold the whole listing twice over.
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 200 * 1024 * 1024);
});
