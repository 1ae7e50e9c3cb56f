import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { bearer, httpRequest } from '../helpers/http-request.js';
import { rawPathRequest } from '../helpers/raw-request.js';
import { commitFiles, patternBytes, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';

const gitOid = (data: Buffer) => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// Bigger than one read chunk, so ranges cross chunk boundaries.
const weights = patternBytes(5 * 1024 * 1024 + 123);
const config = Buffer.from('{"model_type": "bert"}\n');
const big = patternBytes(400 * 1024, 7); // a regular (non-LFS) file stored as a blob-store file

async function seeded(t: Parameters<typeof startServer>[0]) {
  const server = await startServer(t);
  const { repo, head } = await seedRepo(server.core.store, {
    files: { 'a.json': config, 'w.bin': weights, 'sub/dir/big.txt': big, 'empty.txt': '' },
    lfs: ['w.bin'],
  });
  return { server, repo, head, base: `${server.url}/alice/m1` };
}

describe('HEAD/GET /{id}/resolve/{rev}/{path}', () => {
  it('answers HEAD on a regular file with every identity header and no body', async (t) => {
    const { base, head } = await seeded(t);
    const res = await httpRequest(`${base}/resolve/main/a.json`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.header('etag'), `"${gitOid(config)}"`);
    assert.equal(res.header('x-repo-commit'), head);
    assert.equal(res.header('content-length'), String(config.length));
    assert.equal(res.header('x-linked-size'), String(config.length));
    assert.equal(res.header('x-linked-etag'), '');
    assert.equal(res.header('accept-ranges'), 'bytes');
    assert.equal(res.header('content-encoding'), '');
    assert.equal(res.header('content-type'), 'application/octet-stream');
    assert.equal(res.header('cache-control'), 'no-cache');
    assert.equal(res.header('content-disposition'), `attachment; filename="a.json"; filename*=UTF-8''a.json`);
  });

  it('answers HEAD on an LFS file with the sha256 as ETag and X-Linked-Etag and the real size', async (t) => {
    const { base, head } = await seeded(t);
    const res = await httpRequest(`${base}/resolve/main/w.bin`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.header('etag'), `"${sha256(weights)}"`);
    assert.equal(res.header('x-linked-etag'), `"${sha256(weights)}"`);
    assert.equal(res.header('x-linked-size'), String(weights.length));
    assert.equal(res.header('content-length'), String(weights.length));
    assert.equal(res.header('x-repo-commit'), head);
  });

  it('serves the same headers for GET as for HEAD, with the exact bytes', async (t) => {
    const { base } = await seeded(t);
    for (const path of ['a.json', 'w.bin', 'sub/dir/big.txt']) {
      const headRes = await httpRequest(`${base}/resolve/main/${path}`, { method: 'HEAD' });
      const getRes = await httpRequest(`${base}/resolve/main/${path}`);
      assert.equal(getRes.status, 200);
      for (const name of ['etag', 'x-linked-etag', 'x-linked-size', 'x-repo-commit', 'content-length', 'accept-ranges', 'cache-control']) {
        assert.equal(getRes.header(name), headRes.header(name), `${path} ${name}`);
      }
    }
    assert.deepEqual((await httpRequest(`${base}/resolve/main/w.bin`)).body, weights);
    assert.deepEqual((await httpRequest(`${base}/resolve/main/sub/dir/big.txt`)).body, big);
    assert.deepEqual((await httpRequest(`${base}/resolve/main/sub%2Fdir%2Fbig.txt`)).body, big);
  });

  it('marks a commit-id revision immutable and a branch no-cache', async (t) => {
    const { base, head } = await seeded(t);
    const res = await httpRequest(`${base}/resolve/${head}/a.json`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.header('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(res.header('x-repo-commit'), head);
  });

  it('resolves a %2F-encoded branch and a full ref name', async (t) => {
    const { server, base, repo } = await seeded(t);
    const newHead = await commitFiles(server.core.store, repo.id, { 'a.json': '{}' });
    server.core.store.createBranch(repo.id, 'feat/x', newHead);
    for (const rev of ['feat%2Fx', 'refs%2Fheads%2Ffeat%2Fx']) {
      const res = await httpRequest(`${base}/resolve/${rev}/a.json`);
      assert.equal(res.status, 200, rev);
      assert.equal(res.text, '{}');
      assert.equal(res.header('x-repo-commit'), newHead);
    }
  });

  it('answers Range requests: the 0-0 probe, an open range, a suffix, and a range across read chunks', async (t) => {
    const { base } = await seeded(t);
    const url = `${base}/resolve/main/w.bin`;
    const probe = await httpRequest(url, { headers: { range: 'bytes=0-0' } });
    assert.equal(probe.status, 206);
    assert.equal(probe.header('content-range'), `bytes 0-0/${weights.length}`);
    assert.equal(probe.header('content-length'), '1');
    assert.deepEqual(probe.body, weights.subarray(0, 1));
    assert.equal(probe.header('etag'), `"${sha256(weights)}"`);
    assert.equal(probe.header('x-linked-etag'), `"${sha256(weights)}"`);

    const tail = await httpRequest(url, { headers: { range: 'bytes=5-' } });
    assert.equal(tail.status, 206);
    assert.equal(tail.header('content-range'), `bytes 5-${weights.length - 1}/${weights.length}`);
    assert.deepEqual(tail.body, weights.subarray(5));

    const suffix = await httpRequest(url, { headers: { range: 'bytes=-100' } });
    assert.equal(suffix.status, 206);
    assert.deepEqual(suffix.body, weights.subarray(weights.length - 100));

    const middle = 2 * 1024 * 1024;
    const across = await httpRequest(url, { headers: { range: `bytes=${middle - 10}-${middle + 10}` } });
    assert.equal(across.status, 206);
    assert.deepEqual(across.body, weights.subarray(middle - 10, middle + 11));

    const inline = await httpRequest(`${base}/resolve/main/a.json`, { headers: { range: 'bytes=2-4' } });
    assert.equal(inline.status, 206);
    assert.equal(inline.text, config.subarray(2, 5).toString());
  });

  it('answers 416 with bytes */size for a range past the end, and 200 for what it does not support', async (t) => {
    const { base } = await seeded(t);
    const url = `${base}/resolve/main/w.bin`;
    const past = await httpRequest(url, { headers: { range: `bytes=${weights.length}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.header('content-range'), `bytes */${weights.length}`);
    const several = await httpRequest(`${base}/resolve/main/a.json`, { headers: { range: 'bytes=0-1,3-4' } });
    assert.equal(several.status, 200);
    assert.deepEqual(several.body, config);
    const staleIfRange = await httpRequest(`${base}/resolve/main/a.json`, { headers: { range: 'bytes=0-1', 'if-range': '"0000"' } });
    assert.equal(staleIfRange.status, 200);
  });

  it('gives an empty file its size through Content-Range even when probed with bytes=0-0', async (t) => {
    const { base } = await seeded(t);
    const probe = await httpRequest(`${base}/resolve/main/empty.txt`, { headers: { range: 'bytes=0-0' } });
    assert.equal(probe.status, 200);
    assert.equal(probe.header('content-range'), 'bytes */0');
    assert.equal(probe.body.length, 0);
    const plain = await httpRequest(`${base}/resolve/main/empty.txt`);
    assert.equal(plain.status, 200);
    assert.equal(plain.header('content-length'), '0');
  });

  it('answers a missing file with 404 EntryNotFound and X-Repo-Commit, on HEAD and GET', async (t) => {
    const { base, head } = await seeded(t);
    for (const method of ['HEAD', 'GET']) {
      for (const path of ['missing.json', 'sub', 'sub/dir/nope/x']) {
        const res = await httpRequest(`${base}/resolve/main/${path}`, { method });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.header('x-error-code'), 'EntryNotFound');
        assert.equal(res.header('x-repo-commit'), head);
        assert.ok(res.header('x-error-message').length > 0);
      }
    }
  });

  it('answers a missing revision with RevisionNotFound and a missing repo with RepoNotFound', async (t) => {
    const { server, base } = await seeded(t);
    const rev = await httpRequest(`${base}/resolve/nope/a.json`, { method: 'HEAD' });
    assert.equal(rev.status, 404);
    assert.equal(rev.header('x-error-code'), 'RevisionNotFound');
    const anonymous = await httpRequest(`${server.url}/alice/nope/resolve/main/a.json`, { method: 'HEAD' });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.header('x-error-code'), 'RepoNotFound');
    const authed = await httpRequest(`${server.url}/alice/nope/resolve/main/a.json`, { headers: bearer(server.token) });
    assert.equal(authed.status, 404);
    assert.equal(authed.header('x-error-code'), 'RepoNotFound');
  });

  it('refuses path traversal and malformed segments with 400, never 500', async (t) => {
    const { server } = await seeded(t);
    for (const suffix of ['/resolve/main/../../etc/passwd', '/resolve/main/%2e%2e/%2e%2e/etc/passwd', '/resolve/main/..%2Fa.json', '/resolve/main/a%00.json', '/resolve/main/%zz', '/raw/main/sub/./dir/big.txt', '/resolve/main/C:%5Cwin']) {
      const res = await rawPathRequest(server.url, `/alice/m1${suffix}`);
      assert.equal(res.status, 400, `${suffix}: ${res.status} ${res.text}`);
      assert.ok(['InvalidPath', 'BadRequest'].includes(res.header('x-error-code')), suffix);
    }
  });

  it('closes the stored file when the client goes away mid-download, and keeps serving', async (t) => {
    const { base } = await seeded(t);
    const openFds = () => readdirSync('/proc/self/fd').length;
    const before = openFds();
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/resolve/main/w.bin`, { agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
      req.end();
    });
    for (let i = 0; i < 100 && openFds() > before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(openFds(), before);
    assert.deepEqual((await httpRequest(`${base}/resolve/main/w.bin`)).body, weights);
  });

  it('treats an unknown token on a public file as anonymous', async (t) => {
    const { base } = await seeded(t);
    const res = await httpRequest(`${base}/resolve/main/a.json`, { method: 'HEAD', headers: bearer('hf_unknown_from_hfco_0123456789') });
    assert.equal(res.status, 200);
  });

  it('counts a download for a GET that transfers a file, not for HEAD or the bytes=0-0 probe', async (t) => {
    const { server, base, repo } = await seeded(t);
    const counted: Array<[number, string]> = [];
    server.core.store.countDownload = (repoId, key) => {
      counted.push([repoId, key]);
      return true;
    };
    await httpRequest(`${base}/resolve/main/a.json`, { method: 'HEAD' });
    await httpRequest(`${base}/resolve/main/w.bin`, { headers: { range: 'bytes=0-0' } });
    assert.equal(counted.length, 0);
    await httpRequest(`${base}/resolve/main/a.json`, { headers: { 'user-agent': 'huggingface_hub/1.0' } });
    await httpRequest(`${base}/resolve/main/w.bin`, { headers: { range: 'bytes=100-' } });
    assert.equal(counted.length, 2);
    assert.deepEqual(counted[0], [repo.id, '127.0.0.1 huggingface_hub/1.0']);
  });
});

describe('HEAD/GET /{id}/raw/{rev}/{path}', () => {
  it('serves an LFS file as its pointer text, with the git oid as ETag and no X-Linked headers', async (t) => {
    const { base } = await seeded(t);
    const res = await httpRequest(`${base}/raw/main/w.bin`);
    assert.equal(res.status, 200);
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(weights)}\nsize ${weights.length}\n`;
    assert.equal(res.text, pointer);
    assert.equal(res.header('etag'), `"${gitOid(Buffer.from(pointer))}"`);
    assert.equal(res.header('x-linked-etag'), '');
    assert.equal(res.header('x-linked-size'), '');
    const headRes = await httpRequest(`${base}/raw/main/a.json`, { method: 'HEAD' });
    assert.equal(headRes.status, 200);
    assert.equal(headRes.header('etag'), `"${gitOid(config)}"`);
  });
});

describe('renamed repos', () => {
  it('answers the old name with a relative 307 to the same file under the new name', async (t) => {
    const { server, repo } = await seeded(t);
    server.core.store.moveRepo(repo.id, 'alice', 'renamed');
    for (const [method, path] of [['HEAD', '/alice/m1/resolve/main/a.json'], ['GET', '/api/models/alice/m1/tree/main/sub']] as const) {
      const res = await httpRequest(`${server.url}${path}`, { method });
      assert.equal(res.status, 307, path);
      assert.equal(res.header('location'), path.replace('/m1/', '/renamed/'));
    }
  });
});

describe('file routes by repo type', () => {
  it('serves datasets under /datasets and answers RepoNotFound for a dataset asked as a model', async (t) => {
    const server = await startServer(t);
    await seedRepo(server.core.store, { type: 'dataset', name: 'd1', files: { 'x.csv': 'a,b\n1,2\n' } });
    const ok = await httpRequest(`${server.url}/datasets/alice/d1/resolve/main/x.csv`);
    assert.equal(ok.status, 200);
    assert.equal(ok.text, 'a,b\n1,2\n');
    const wrongType = await httpRequest(`${server.url}/alice/d1/resolve/main/x.csv`, { method: 'HEAD' });
    assert.equal(wrongType.status, 401);
    assert.equal(wrongType.header('x-error-code'), 'RepoNotFound');
    await seedRepo(server.core.store, { type: 'space', name: 's1', files: { 'app.py': 'print(1)\n' } });
    assert.equal((await httpRequest(`${server.url}/spaces/alice/s1/raw/main/app.py`)).text, 'print(1)\n');
  });
});

describe('file access rules', () => {
  it('hides a private repo: 401 anonymous, 404 for a non-member, 200 for the owner', async (t) => {
    const server = await startServer(t);
    await seedRepo(server.core.store, { name: 'p1', private: true, files: { 'a.json': '{}' } });
    server.core.accounts.createUser('bob');
    const bob = server.core.accounts.createToken('bob', { role: 'read', displayName: 'bob' });
    const url = `${server.url}/alice/p1/resolve/main/a.json`;
    const anonymous = await httpRequest(url, { method: 'HEAD' });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.header('x-error-code'), 'RepoNotFound');
    const stranger = await httpRequest(url, { method: 'HEAD', headers: bearer(bob) });
    assert.equal(stranger.status, 404);
    assert.equal(stranger.header('x-error-code'), 'RepoNotFound');
    const owner = await httpRequest(url, { headers: bearer(server.token) });
    assert.equal(owner.status, 200);
    assert.equal(owner.header('cache-control'), 'no-cache');
  });

  it('keeps gated files for members (401/403 GatedRepo) while the metadata stays readable', async (t) => {
    const server = await startServer(t);
    const { repo } = await seedRepo(server.core.store, { name: 'g1', files: { 'a.json': '{}' } });
    server.core.store.updateRepoSettings(repo.id, { gated: 'manual' });
    server.core.accounts.createUser('bob');
    const bob = server.core.accounts.createToken('bob', { role: 'read', displayName: 'bob' });
    const url = `${server.url}/alice/g1/resolve/main/a.json`;
    const anonymous = await httpRequest(url, { method: 'HEAD' });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.header('x-error-code'), 'GatedRepo');
    const stranger = await httpRequest(url, { headers: bearer(bob) });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.header('x-error-code'), 'GatedRepo');
    assert.equal((await httpRequest(url, { headers: bearer(server.token) })).status, 200);
    assert.equal((await httpRequest(`${server.url}/api/models/alice/g1/tree/main`)).status, 200);
    assert.equal((await httpRequest(`${server.url}/api/models/alice/g1/refs`)).status, 200);
  });
});
