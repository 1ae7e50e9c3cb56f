import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { RepoRecord } from '../../src/main/store/index.js';
import { GitClient, urlWithToken } from '../helpers/git-client.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { apiBase, createTestRepo, fileLine, header, lfsLine, ndjson, postCommit, readOnlyToken, sha256, uploadLfs } from '../helpers/hub-write.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const server = await startServer({ after });
const client = await GitClient.create();
const weights = Buffer.alloc(300_000);
for (let i = 0; i < weights.length; i++) weights[i] = (i * 7919) % 251;
const table = Buffer.alloc(50_000, 9);

async function commit(repo: RepoRecord, lines: Parameters<typeof ndjson>[0]): Promise<string> {
  const res = await postCommit(server, repo, ndjson(lines));
  assert.equal(res.status, 200, res.text);
  return (res.json() as { commitOid: string }).commitOid;
}

/** A repo made through the API: nested folders, two LFS files, three commits on main and a tag. */
async function modelRepo(name: string, options: { private?: boolean } = {}): Promise<RepoRecord> {
  const repo = createTestRepo(server, name, options);
  await uploadLfs(server, repo, weights);
  await uploadLfs(server, repo, table);
  await commit(repo, [
    header('Add model files'),
    fileLine('README.md', '---\nlicense: mit\n---\n# model\n'),
    fileLine('config/model/config.json', '{"hidden": 8}\n'),
    fileLine('config/tokenizer.json', '{}'),
    lfsLine('weights/w.bin', weights),
    lfsLine('data/table.bin', table),
  ]);
  const second = await commit(repo, [header('Add notes'), fileLine('notes/a.txt', 'a\n'), fileLine('config/model/extra.txt', 'x\n')]);
  const res = await httpRequest(`${apiBase(server, repo)}/tag/${second}`, { method: 'POST', headers: { ...bearer(server.token), 'content-type': 'application/json' }, body: JSON.stringify({ tag: 'v1' }) });
  assert.equal(res.status, 200, res.text);
  return repo;
}

async function apiCommitIds(repo: RepoRecord): Promise<string[]> {
  const res = await httpRequest(`${apiBase(server, repo)}/commits/main`, { headers: bearer(server.token) });
  assert.equal(res.status, 200, res.text);
  return (res.json() as Array<{ id: string }>).map((entry) => entry.id);
}

function repoUrl(target: TestServer, repo: RepoRecord, suffix = ''): string {
  return `${target.url}/${repo.type === 'model' ? '' : `${repo.type}s/`}${repo.fullName}${suffix}`;
}

async function looseObjectCount(dir: string): Promise<number> {
  const out = await client.ok(dir, ['count-objects', '-v']);
  return Number(/^count: (\d+)$/m.exec(out)?.[1]);
}

for (const version of ['0', '2'] as const) {
  const v = ['-c', `protocol.version=${version}`];

  test(`protocol v${version}: a clone has the API's commits, tags and LFS content, and fsck --strict is clean`, async () => {
    const repo = await modelRepo(`clone-v${version}`);
    const dir = `clone-v${version}`;
    const cloned = await client.run('.', [...v, 'clone', repoUrl(server, repo, '.git'), dir], { GIT_TRACE_PACKET: join(client.home, `trace-${version}`) });
    assert.equal(cloned.code, 0, cloned.stderr);
    const trace = readFileSync(join(client.home, `trace-${version}`), 'utf8');
    assert.match(trace, version === '2' ? /git< version 2/ : /git< # service=git-upload-pack/);
    assert.equal((await client.run(dir, ['fsck', '--strict', '--full'])).stderr.trim(), '');
    assert.deepEqual((await client.ok(dir, ['log', '--format=%H', 'main'])).trim().split('\n'), await apiCommitIds(repo));
    assert.equal((await client.ok(dir, ['rev-parse', 'v1'])).trim(), server.core.store.resolveRevision(repo.id, 'v1'));
    assert.equal((await client.ok(dir, ['symbolic-ref', 'HEAD'])).trim(), 'refs/heads/main');
    const w = readFileSync(client.path(`${dir}/weights/w.bin`));
    assert.equal(sha256(w), sha256(weights));
    assert.ok(w.equals(weights));
    assert.ok(readFileSync(client.path(`${dir}/data/table.bin`)).equals(table));
    assert.equal(readFileSync(client.path(`${dir}/config/model/config.json`), 'utf8'), '{"hidden": 8}\n');
    // The LFS endpoint git-lfs derives from the remote is the hub's batch route.
    assert.match(await client.ok(dir, ['lfs', 'env']), new RegExp(`Endpoint=${server.url}/alice/clone-v${version}.git/info/lfs`));
  });

  test(`protocol v${version}: GIT_LFS_SKIP_SMUDGE clone, then git lfs pull -I fetches only the files named`, async () => {
    const repo = await modelRepo(`skip-v${version}`);
    const dir = `skip-v${version}`;
    await client.ok('.', [...v, 'clone', repoUrl(server, repo), dir], { GIT_LFS_SKIP_SMUDGE: '1' });
    assert.match(readFileSync(client.path(`${dir}/weights/w.bin`), 'utf8'), /^version https:\/\/git-lfs.github.com\/spec\/v1\noid sha256:/);
    await client.ok(dir, [...v, 'lfs', 'pull', '-I', 'weights/w.bin']);
    assert.ok(readFileSync(client.path(`${dir}/weights/w.bin`)).equals(weights));
    assert.match(readFileSync(client.path(`${dir}/data/table.bin`), 'utf8'), /^version https:\/\/git-lfs/);
    assert.equal((await client.ok(dir, ['status', '--porcelain'])).trim(), '');
  });

  test(`protocol v${version}: a fetch after an API commit transfers only the new objects`, async () => {
    const repo = await modelRepo(`fetch-v${version}`);
    const dir = `fetch-v${version}`;
    await client.ok('.', [...v, 'clone', repoUrl(server, repo), dir]);
    // Local history on a side branch: haves the server does not know, as in a real working clone.
    for (let i = 0; i < 20; i++) {
      await client.ok(dir, ['commit', '-q', '--allow-empty', '-m', `local ${i}`]);
    }
    const before = await looseObjectCount(dir);
    const next = await commit(repo, [header('Add a file'), fileLine('new.txt', 'new\n')]);
    const fetched = await client.run(dir, [...v, 'fetch', 'origin'], { GIT_TRACE_PACKET: '1' });
    assert.equal(fetched.code, 0, fetched.stderr);
    assert.match(fetched.stderr, /ACK [0-9a-f]{40}/);
    // A commit, its root tree and one blob: unpacked as loose objects (under fetch.unpackLimit).
    assert.equal(await looseObjectCount(dir), before + 3);
    assert.equal((await client.ok(dir, ['rev-parse', 'origin/main'])).trim(), next);
    assert.equal((await client.run(dir, ['fsck', '--strict'])).stderr.trim(), '');
  });

  test(`protocol v${version}: a --depth 1 clone has one commit, and --unshallow brings the rest`, async () => {
    const repo = await modelRepo(`shallow-v${version}`);
    const dir = `shallow-v${version}`;
    await client.ok('.', [...v, 'clone', '--depth', '1', repoUrl(server, repo), dir]);
    assert.equal((await client.ok(dir, ['rev-list', '--count', 'HEAD'])).trim(), '1');
    assert.equal((await client.ok(dir, ['rev-parse', '--is-shallow-repository'])).trim(), 'true');
    assert.equal((await client.run(dir, ['fsck'])).code, 0);
    await client.ok(dir, [...v, 'fetch', '--deepen=1']);
    assert.equal((await client.ok(dir, ['rev-list', '--count', 'HEAD'])).trim(), '2');
    assert.equal((await client.run(dir, ['fsck'])).code, 0);
    await client.ok(dir, [...v, 'fetch', '--unshallow']);
    assert.equal((await client.ok(dir, ['rev-parse', '--is-shallow-repository'])).trim(), 'false');
    assert.deepEqual((await client.ok(dir, ['log', '--format=%H', 'HEAD'])).trim().split('\n'), await apiCommitIds(repo));
    assert.equal((await client.run(dir, ['fsck', '--strict'])).stderr.trim(), '');

    // --depth N counts from the wants: a depth-1 clone fetched with --depth 2 has two commits.
    await client.ok('.', [...v, 'clone', '--depth', '1', repoUrl(server, repo), `${dir}-2`]);
    await client.ok(`${dir}-2`, [...v, 'fetch', '--depth', '2']);
    assert.equal((await client.ok(`${dir}-2`, ['rev-list', '--count', 'HEAD'])).trim(), '2');
    // --shallow-exclude (deepen-not): history up to, not including, the tag v1.
    const next = await commit(repo, [header('After v1'), fileLine('after.txt', 'after\n')]);
    await client.ok('.', [...v, 'clone', '--shallow-exclude=v1', repoUrl(server, repo), `${dir}-exclude`]);
    assert.equal((await client.ok(`${dir}-exclude`, ['log', '--format=%H'])).trim(), next);
    // --shallow-since before every commit: the whole history, not shallow.
    await client.ok('.', [...v, 'clone', '--shallow-since=2001-01-01', repoUrl(server, repo), `${dir}-since`]);
    assert.equal((await client.ok(`${dir}-since`, ['rev-list', '--count', 'HEAD'])).trim(), String((await apiCommitIds(repo)).length));
    assert.equal((await client.run(`${dir}-since`, ['fsck', '--strict'])).stderr.trim(), '');
  });

  test(`protocol v${version}: a --filter=blob:none clone fetches blobs on demand at checkout`, async () => {
    const repo = await modelRepo(`partial-v${version}`);
    const dir = `partial-v${version}`;
    await client.ok('.', [...v, 'clone', '--filter=blob:none', '--no-checkout', repoUrl(server, repo), dir]);
    const missing = (await client.ok(dir, ['rev-list', '--objects', '--all', '--missing=print'])).split('\n').filter((line) => line.startsWith('?'));
    assert.ok(missing.length >= 6, `blobs left behind: ${missing.length}`);
    await client.ok(dir, [...v, 'checkout', 'main']);
    assert.equal(readFileSync(client.path(`${dir}/notes/a.txt`), 'utf8'), 'a\n');
    assert.ok(readFileSync(client.path(`${dir}/weights/w.bin`)).equals(weights));
    // Older history still lacks its blobs: only what the checkout needed came.
    const stillMissing = (await client.ok(dir, ['rev-list', '--objects', '--all', '--missing=print'])).split('\n').filter((line) => line.startsWith('?'));
    assert.ok(stillMissing.length < missing.length);
  });

  test(`protocol v${version}: a private repo asks for credentials, works with a token, and is "not found" to others`, async () => {
    const repo = await modelRepo(`private-v${version}`, { private: true });
    const url = repoUrl(server, repo);
    const anonymous = await client.run('.', [...v, 'clone', url, `private-anon-v${version}`]);
    assert.notEqual(anonymous.code, 0);
    assert.match(anonymous.stderr, /could not read Username|Authentication failed/);
    await client.ok('.', [...v, 'clone', urlWithToken(url, server.token), `private-v${version}`]);
    assert.ok(readFileSync(client.path(`private-v${version}/weights/w.bin`)).equals(weights));
    const bob = readOnlyToken(server, `bob${version}`);
    const other = await client.run('.', [...v, 'clone', urlWithToken(url, bob), `private-bob-v${version}`]);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /not found/);
    const wrong = await client.run('.', [...v, 'clone', urlWithToken(url, 'hf_wrong'), `private-wrong-v${version}`]);
    assert.match(wrong.stderr, /Authentication failed/);
  });
}

test('datasets and spaces clone under their prefixes; an empty repo clones as empty', async () => {
  const dataset = createTestRepo(server, 'd1', { type: 'dataset' });
  await commit(dataset, [header('data'), fileLine('train/part-0.csv', 'a,b\n1,2\n')]);
  await client.ok('.', ['clone', repoUrl(server, dataset), 'd1']);
  assert.equal(readFileSync(client.path('d1/train/part-0.csv'), 'utf8'), 'a,b\n1,2\n');
  const space = createTestRepo(server, 's1', { type: 'space' });
  await client.ok('.', ['clone', repoUrl(server, space, '.git'), 's1']);
  assert.equal((await client.ok('s1', ['log', '--format=%s'])).trim(), 'initial commit');
});

test('git-lfs batch download: Basic auth, a refs/heads ref, hrefs that resume with Range; lock verification takes the same Basic auth', async () => {
  await modelRepo('lfs-private', { private: true });
  const endpoint = `${server.url}/alice/lfs-private.git/info/lfs`;
  const body = JSON.stringify({ operation: 'download', transfers: ['basic'], ref: { name: 'refs/heads/main' }, objects: [{ oid: sha256(weights), size: weights.length }], hash_algo: 'sha256' });
  const headers = { accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json; charset=utf-8' };
  const anonymous = await httpRequest(`${endpoint}/objects/batch`, { method: 'POST', headers, body });
  assert.equal(anonymous.status, 401);
  assert.match(anonymous.header('lfs-authenticate'), /^Basic/);
  const basic = { authorization: `Basic ${Buffer.from(`git:${server.token}`).toString('base64')}` };
  const res = await httpRequest(`${endpoint}/objects/batch`, { method: 'POST', headers: { ...headers, ...basic }, body });
  assert.equal(res.status, 200, res.text);
  assert.match(res.header('content-type'), /^application\/vnd\.git-lfs\+json/);
  const object = (res.json() as { objects: Array<{ actions?: { download?: { href: string; header?: Record<string, string> } } }> }).objects[0];
  const download = object?.actions?.download;
  assert.ok(download);
  const from = 123_456;
  const part = await httpRequest(download.href, { headers: { ...download.header, range: `bytes=${from}-${weights.length - 1}` } });
  assert.equal(part.status, 206);
  assert.equal(part.header('content-range'), `bytes ${from}-${weights.length - 1}/${weights.length}`);
  assert.ok(part.body.equals(weights.subarray(from)));
  const locks = await httpRequest(`${endpoint}/locks/verify`, { method: 'POST', headers: { ...headers, ...basic }, body: JSON.stringify({ ref: { name: 'refs/heads/main' } }) });
  assert.equal(locks.status, 200);
  assert.deepEqual(locks.json(), { ours: [], theirs: [] });
});
