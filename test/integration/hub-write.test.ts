import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lfsPointerText } from '../../src/shared/lfs-pointer.js';
import { bearer, httpRequest } from '../helpers/http-request.js';
import {
  apiBase,
  batchUpload,
  createTestRepo,
  fileLine,
  gitBlobOid,
  header,
  headOf,
  lfsLine,
  ndjson,
  postBatch,
  postCommit,
  sha256,
  uploadLfs,
  type BatchResponse,
} from '../helpers/hub-write.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;

function preupload(server: TestServer, url: string, body: unknown) {
  return httpRequest(url, {
    method: 'POST',
    headers: { ...bearer(server.token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface PreuploadFile {
  path: string;
  uploadMode: string;
  shouldIgnore: boolean;
  oid: string | null;
}

describe('POST /api/{type}s/{id}/preupload/{rev}', () => {
  it('decides lfs or regular by size, binary sample and .gitattributes; empty files stay regular (§7.8)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const res = await preupload(server, `${apiBase(server, repo)}/preupload/main`, {
      files: [
        { path: 'a.json', size: 20, sample: Buffer.from('{"hello": "world"}\n').toString('base64') },
        { path: 'w.bin', size: 11 * MiB, sample: Buffer.from('text-looking').toString('base64') },
        { path: 'z.dat', size: 100, sample: Buffer.from('ab\0cd').toString('base64') },
        { path: 'e.txt', size: 0, sample: '' },
        { path: 'weights.safetensors', size: 50, sample: Buffer.from('small text').toString('base64') },
      ],
    });
    assert.equal(res.status, 200);
    const files = (res.json() as { files: PreuploadFile[] }).files;
    assert.deepEqual(
      files.map((file) => [file.path, file.uploadMode, file.shouldIgnore, file.oid]),
      [
        ['a.json', 'regular', false, null],
        ['w.bin', 'lfs', false, null],
        ['z.dat', 'lfs', false, null],
        ['e.txt', 'regular', false, null],
        // The default .gitattributes of a new repo sends *.safetensors to LFS whatever the size.
        ['weights.safetensors', 'lfs', false, null],
      ],
    );
  });

  it('returns the remote oid of existing files (git SHA-1 or sha256) and applies gitIgnore (§7.9)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const big = Buffer.alloc(2048, 7);
    await uploadLfs(server, repo, big);
    const commit = await postCommit(server, repo, ndjson([header('seed'), fileLine('a.json', '{"a":1}'), lfsLine('w.bin', big)]));
    assert.equal(commit.status, 200);

    const res = await preupload(server, `${apiBase(server, repo)}/preupload/main`, {
      files: [
        { path: 'a.json', size: 7, sample: Buffer.from('{"a":1}').toString('base64') },
        { path: 'w.bin', size: big.length, sample: big.subarray(0, 512).toString('base64') },
        { path: 'new.txt', size: 3, sample: Buffer.from('new').toString('base64') },
      ],
      gitIgnore: '*.bin\n',
    });
    assert.equal(res.status, 200);
    const files = (res.json() as { files: PreuploadFile[] }).files;
    assert.deepEqual(files, [
      { path: 'a.json', uploadMode: 'regular', shouldIgnore: false, oid: gitBlobOid('{"a":1}') },
      { path: 'w.bin', uploadMode: 'lfs', shouldIgnore: true, oid: sha256(big) },
      { path: 'new.txt', uploadMode: 'regular', shouldIgnore: false, oid: null },
    ]);
  });

  it("uses the repo's own .gitignore and the gitAttributes sent by JS", async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    await postCommit(server, repo, ndjson([header('ignore'), fileLine('.gitignore', 'logs/\n*.tmp\n!keep.tmp\n')]));
    const res = await preupload(server, `${apiBase(server, repo)}/preupload/main`, {
      files: [
        { path: 'logs/run/1.txt', size: 1, sample: 'YQ==' },
        { path: 'x.tmp', size: 1, sample: 'YQ==' },
        { path: 'keep.tmp', size: 1, sample: 'YQ==' },
        { path: 'data/table.csv', size: 1, sample: 'YQ==' },
      ],
      gitAttributes: '*.csv filter=lfs diff=lfs merge=lfs -text\n',
    });
    const files = (res.json() as { files: PreuploadFile[] }).files;
    assert.deepEqual(
      files.map((file) => [file.path, file.uploadMode, file.shouldIgnore]),
      [
        ['logs/run/1.txt', 'regular', true],
        ['x.tmp', 'regular', true],
        ['keep.tmp', 'regular', false],
        ['data/table.csv', 'lfs', false],
      ],
    );
  });

  it("honours the repo's LFS threshold and %2F-encoded branch names", async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    server.core.store.updateRepoSettings(repo.id, { lfsThreshold: 1000 });
    server.core.store.createBranch(repo.id, 'feat/x');
    const res = await preupload(server, `${apiBase(server, repo)}/preupload/feat%2Fx`, {
      files: [{ path: 'notes.md', size: 1000, sample: Buffer.from('# notes').toString('base64') }],
    });
    assert.equal(res.status, 200);
    assert.equal((res.json() as { files: PreuploadFile[] }).files[0]?.uploadMode, 'lfs');
  });

  it('answers 404 RevisionNotFound for an unknown revision, 422 for a path starting with "..", 400 for another bad path', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const missing = await preupload(server, `${apiBase(server, repo)}/preupload/nope`, { files: [] });
    assert.deepEqual([missing.status, missing.header('x-error-code')], [404, 'RevisionNotFound']);
    const traversal = await preupload(server, `${apiBase(server, repo)}/preupload/main`, {
      files: [{ path: '../etc/passwd', size: 1, sample: 'YQ==' }],
    });
    assert.deepEqual([traversal.status, traversal.header('x-error-code')], [422, 'UnprocessableEntity']);
    const inner = await preupload(server, `${apiBase(server, repo)}/preupload/main`, {
      files: [{ path: 'a/../etc/passwd', size: 1, sample: 'YQ==' }],
    });
    assert.equal(inner.status, 400);
  });
});

describe('POST /{repo}.git/info/lfs/objects/batch', () => {
  it('answers basic transfers with absolute signed hrefs on the host the client used, never xet (§7.10)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const content = Buffer.from('lfs content');
    for (const algo of ['sha256', 'sha_256']) {
      const res = await postBatch(server, repo, {
        operation: 'upload',
        transfers: ['basic', 'multipart', 'xet'],
        hash_algo: algo,
        ref: { name: 'refs/heads/main' },
        objects: [{ oid: sha256(content), size: content.length }],
      });
      assert.equal(res.status, 200);
      assert.match(res.header('content-type'), /^application\/vnd\.git-lfs\+json/);
      const body = res.json() as BatchResponse;
      assert.equal(body.transfer, 'basic');
      const object = body.objects[0];
      assert.equal(object?.oid, sha256(content));
      assert.equal(object?.size, content.length);
      const href = new URL(object?.actions?.upload?.href ?? '');
      assert.equal(href.host, new URL(server.url).host);
      assert.ok(href.searchParams.get('sig'));
      assert.equal(object?.actions?.upload?.header, undefined);
      assert.ok(object?.actions?.verify?.href.startsWith(server.url));
    }

    const port = new URL(server.url).port;
    const viaLocalhost = await postBatch(
      server,
      repo,
      { operation: 'upload', objects: [{ oid: sha256(content), size: content.length }] },
      { ...bearer(server.token), host: `localhost:${port}` },
    );
    const href = (viaLocalhost.json() as BatchResponse).objects[0]?.actions?.upload?.href ?? '';
    assert.ok(href.startsWith(`http://localhost:${port}/`), href);
  });

  it('accepts a missing or null ref and git-lfs Basic auth', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const basic = { authorization: `Basic ${Buffer.from(`git:${server.token}`).toString('base64')}` };
    for (const ref of [undefined, null, { name: 'main' }]) {
      const res = await postBatch(server, repo, { operation: 'upload', ref, objects: [{ oid: sha256('x'), size: 1 }] }, basic);
      assert.equal(res.status, 200, res.text);
    }
  });

  it('offers no actions for stored objects and a per-object 422 for malformed ones (§7.12)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const stored = Buffer.from('already here');
    await uploadLfs(server, repo, stored);
    const res = await postBatch(server, repo, {
      operation: 'upload',
      objects: [
        { oid: sha256(stored), size: stored.length },
        { oid: 'not-a-sha', size: 3 },
        { oid: sha256('x'), size: -1 },
        { oid: sha256('y'), size: 'big' },
      ],
    });
    assert.equal(res.status, 200);
    const [present, badOid, negative, notNumber] = (res.json() as BatchResponse).objects;
    assert.deepEqual(present, { oid: sha256(stored), size: stored.length });
    for (const object of [badOid, negative, notNumber]) {
      assert.equal(object?.error?.code, 422);
      assert.equal(typeof object?.error?.message, 'string');
      assert.equal(typeof object?.oid, 'string');
      assert.equal(typeof object?.size, 'number');
    }
  });

  it('serves dataset and space repos under their prefixes', async (t) => {
    const server = await startServer(t);
    for (const type of ['dataset', 'space'] as const) {
      const repo = createTestRepo(server, `r-${type}`, { type });
      const batch = await batchUpload(server, repo, [Buffer.from(type)]);
      assert.ok(batch.objects[0]?.actions?.upload);
    }
  });

  it('offers multipart only when the client accepts it and the object is large enough', async (t) => {
    const server = await startServer(t, { overrides: { multipartThreshold: 3 * MiB, multipartChunkSize: MiB } });
    const repo = createTestRepo(server);
    const big = Buffer.alloc(Math.floor(2.5 * MiB) + MiB, 1);
    const small = Buffer.alloc(MiB, 2);
    const withMultipart = await batchUpload(server, repo, [big, small], ['basic', 'multipart']);
    assert.equal(withMultipart.transfer, 'multipart');
    const offered = withMultipart.objects[0]?.actions?.upload?.header ?? {};
    assert.equal(offered.chunk_size, String(MiB));
    assert.deepEqual(Object.keys(offered).filter((key) => /^\d+$/.test(key)), ['1', '2', '3', '4']);
    assert.equal(withMultipart.objects[1]?.actions?.upload?.header, undefined);
    const basicOnly = await batchUpload(server, repo, [big], ['basic']);
    assert.equal(basicOnly.transfer, 'basic');
    assert.equal(basicOnly.objects[0]?.actions?.upload?.header, undefined);
  });
});

describe('LFS transfers', () => {
  it('accepts the PUT with no Authorization, chunked or not, and verify then finds it (§7.11, §7.13)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const first = Buffer.from('first object');
    const second = Buffer.from('second object, sent chunked');
    const batch = await batchUpload(server, repo, [first, second]);
    const [one, two] = batch.objects;
    const put = await httpRequest(one?.actions?.upload?.href ?? '', { method: 'PUT', body: first });
    assert.equal(put.status, 200);
    const chunked = await httpRequest(two?.actions?.upload?.href ?? '', {
      method: 'PUT',
      headers: { 'transfer-encoding': 'chunked', 'content-type': 'text/plain' },
      body: second,
    });
    assert.equal(chunked.status, 200);
    assert.ok(server.core.store.blobs.has(sha256(first)));
    assert.ok(server.core.store.blobs.has(sha256(second)));

    const verify = await httpRequest(one?.actions?.verify?.href ?? '', {
      method: 'POST',
      headers: { ...bearer(server.token), 'content-type': 'application/json' },
      body: JSON.stringify({ oid: sha256(first), size: first.length }),
    });
    assert.equal(verify.status, 200);

    const unknown = Buffer.from('never uploaded');
    const pending = await batchUpload(server, repo, [unknown]);
    const missing = await httpRequest(pending.objects[0]?.actions?.verify?.href ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ oid: sha256(unknown), size: unknown.length }),
    });
    assert.equal(missing.status, 404);
    assert.equal(typeof (missing.json() as { message: string }).message, 'string');
  });

  it('assembles HF multipart parts in order, each answering an ETag', async (t) => {
    const server = await startServer(t, { overrides: { multipartThreshold: MiB, multipartChunkSize: MiB } });
    const repo = createTestRepo(server);
    const content = Buffer.alloc(3 * MiB + 123);
    for (let i = 0; i + 4 <= content.length; i += 4) content.writeUInt32LE(i, i);
    const batch = await batchUpload(server, repo, [content], ['basic', 'multipart']);
    const upload = batch.objects[0]?.actions?.upload;
    const parts = upload?.header ?? {};
    const chunk = Number(parts.chunk_size);
    const partNumbers = Object.keys(parts).filter((key) => /^\d+$/.test(key)).map(Number);
    assert.equal(partNumbers.length, Math.ceil(content.length / chunk));
    // Parts may arrive in any order.
    const etags = new Map<number, string>();
    await Promise.all(
      [...partNumbers].reverse().map(async (n) => {
        const res = await httpRequest(parts[String(n)] ?? '', { method: 'PUT', body: content.subarray((n - 1) * chunk, n * chunk) });
        assert.equal(res.status, 200);
        assert.ok(res.header('etag'));
        etags.set(n, res.header('etag'));
      }),
    );
    assert.equal(server.core.store.blobs.has(sha256(content)), false);
    const done = await httpRequest(upload?.href ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ oid: sha256(content), parts: partNumbers.map((n) => ({ partNumber: n, etag: etags.get(n) })) }),
    });
    assert.equal(done.status, 200, done.text);
    assert.ok(server.core.store.blobs.has(sha256(content)));
    const commit = await postCommit(server, repo, ndjson([header('multipart'), lfsLine('big.bin', content)]));
    assert.equal(commit.status, 200);
  });

  it('serves git-lfs downloads of objects the repo references, with Range', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const other = createTestRepo(server, 'other', { private: true });
    const content = Buffer.from('0123456789abcdef');
    const secret = Buffer.from('only in the private repo');
    await uploadLfs(server, repo, content);
    await uploadLfs(server, other, secret);
    assert.equal((await postCommit(server, repo, ndjson([header(), lfsLine('w.bin', content)]))).status, 200);
    assert.equal((await postCommit(server, other, ndjson([header(), lfsLine('s.bin', secret)]))).status, 200);

    const res = await postBatch(
      server,
      repo,
      {
        operation: 'download',
        transfers: ['basic'],
        objects: [
          { oid: sha256(content), size: content.length },
          { oid: sha256(secret), size: secret.length },
        ],
      },
      {},
    );
    assert.equal(res.status, 200);
    const [found, hidden] = (res.json() as BatchResponse).objects;
    assert.equal(hidden?.error?.code, 404);
    const href = found?.actions?.download?.href ?? '';
    const full = await httpRequest(href);
    assert.deepEqual([full.status, full.body.toString()], [200, content.toString()]);
    const part = await httpRequest(href, { headers: { range: 'bytes=4-' } });
    assert.deepEqual([part.status, part.header('content-range'), part.body.toString()], [206, `bytes 4-15/16`, '456789abcdef']);
    const beyond = await httpRequest(href, { headers: { range: 'bytes=16-' } });
    assert.deepEqual([beyond.status, beyond.header('content-range')], [416, 'bytes */16']);
  });
});

describe('POST /api/{type}s/{id}/commit/{rev}', () => {
  it('commits file and lfsFile lines with or without a trailing newline (§7.14)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const big = Buffer.alloc(4096, 3);
    await uploadLfs(server, repo, big);
    for (const trailing of [true, false]) {
      const parent = headOf(server, repo);
      const res = await postCommit(
        server,
        repo,
        ndjson([header(`commit ${trailing}`, { description: 'details', parentCommit: parent }), fileLine(`a-${trailing}.json`, '{}'), lfsLine(`w-${trailing}.bin`, big)], trailing),
      );
      assert.equal(res.status, 200, res.text);
      const body = res.json() as Record<string, unknown>;
      assert.match(String(body.commitOid), /^[0-9a-f]{40}$/);
      assert.deepEqual(body, {
        success: true,
        commitOid: body.commitOid,
        commitUrl: `${server.url}/alice/m1/commit/${String(body.commitOid)}`,
        hookOutput: '',
        pullRequestUrl: null,
      });
      assert.equal(headOf(server, repo), body.commitOid);
      const info = server.core.store.getCommit(String(body.commitOid));
      assert.equal(info?.parents[0], parent);
    }
  });

  it('writes the LFS pointer and covers the path in .gitattributes (§7.18)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const big = Buffer.alloc(5000, 9);
    await uploadLfs(server, repo, big);
    const res = await postCommit(server, repo, ndjson([header(), lfsLine('sub/w.weights', big)]));
    assert.equal(res.status, 200);
    const { store } = server.core;
    const head = headOf(server, repo);
    const attributes = store.readTextFile(head, '.gitattributes') ?? '';
    assert.match(attributes, /^sub\/w\.weights filter=lfs diff=lfs merge=lfs -text$/m);
    const entry = store.getEntry(head, 'sub/w.weights');
    assert.equal(entry?.type, 'file');
    const pointer = lfsPointerText({ oid: sha256(big), size: big.length });
    assert.equal(entry?.type === 'file' ? entry.oid : '', gitBlobOid(pointer));
    assert.deepEqual(entry?.type === 'file' ? entry.lfs : undefined, { oid: sha256(big), size: big.length, pointerSize: pointer.length });
    const raw = await httpRequest(`${server.url}/alice/m1/raw/main/sub/w.weights`);
    assert.deepEqual([raw.status, raw.text], [200, pointer]);
    const resolved = await httpRequest(`${server.url}/alice/m1/resolve/main/sub/w.weights`);
    assert.ok(resolved.body.equals(big));
  });

  it('stores file lines as regular blobs, utf-8 encoded ones too', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const binary = Buffer.from([0, 1, 2, 3, 255]);
    const res = await postCommit(
      server,
      repo,
      ndjson([header(), fileLine('model.bin', binary), { key: 'file', value: { path: 'notes.txt', content: 'héllo', encoding: 'utf-8' } }]),
    );
    assert.equal(res.status, 200, res.text);
    const head = headOf(server, repo);
    const bin = server.core.store.getEntry(head, 'model.bin');
    assert.equal(bin?.type === 'file' ? bin.lfs : 'dir', undefined);
    assert.equal(bin?.oid, gitBlobOid(binary));
    assert.equal(server.core.store.readTextFile(head, 'notes.txt'), 'héllo');
  });

  it('takes the stored size for lfsFile lines without one (Python copies)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const big = Buffer.alloc(3000, 4);
    await uploadLfs(server, repo, big);
    const res = await postCommit(server, repo, ndjson([header(), { key: 'lfsFile', value: { path: 'copy.bin', algo: 'sha256', oid: sha256(big) } }]));
    assert.equal(res.status, 200, res.text);
    const entry = server.core.store.getEntry(headOf(server, repo), 'copy.bin');
    assert.equal(entry?.type === 'file' ? entry.size : 0, big.length);
  });

  it('deletes files and whole folders (§7.17)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    await postCommit(server, repo, ndjson([header(), fileLine('keep.txt', 'k'), fileLine('gone.txt', 'g'), fileLine('dir/a/1.txt', '1'), fileLine('dir/b.txt', 'b')]));
    const res = await postCommit(
      server,
      repo,
      ndjson([header('delete'), { key: 'deletedFile', value: { path: 'gone.txt' } }, { key: 'deletedFolder', value: { path: 'dir/' } }]),
    );
    assert.equal(res.status, 200, res.text);
    const paths = [...server.core.store.listTree(headOf(server, repo), '', { recursive: true })].map((entry) => entry.path);
    assert.deepEqual(paths, ['.gitattributes', 'keep.txt']);
  });

  it('answers 404 EntryNotFound with HF\'s phrase for a missing deletedFile, and leaves the branch alone', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const res = await postCommit(server, repo, ndjson([header(), fileLine('new.txt', 'x'), { key: 'deletedFile', value: { path: 'missing.json' } }]));
    assert.equal(res.status, 404);
    assert.equal(res.header('x-error-code'), 'EntryNotFound');
    assert.match((res.json() as { error: string }).error, /A file with this name doesn't exist/);
    assert.equal(headOf(server, repo), before);
  });

  it('answers 412 with HF\'s message for a stale parentCommit (§7.16)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const stale = headOf(server, repo);
    assert.equal((await postCommit(server, repo, ndjson([header(), fileLine('a.txt', 'a')]))).status, 200);
    const current = headOf(server, repo);
    const res = await postCommit(server, repo, ndjson([header('late', { parentCommit: stale }), fileLine('b.txt', 'b')]));
    assert.equal(res.status, 412);
    assert.deepEqual(res.json(), { error: 'The branch was updated since you opened this page. Please refresh and try again.' });
    assert.equal(headOf(server, repo), current);
  });

  it('answers 404 RevisionNotFound for a missing branch, and commits to %2F-encoded branches', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const missing = await postCommit(server, repo, ndjson([header(), fileLine('a.txt', 'a')]), { rev: 'nope' });
    assert.deepEqual([missing.status, missing.header('x-error-code')], [404, 'RevisionNotFound']);
    server.core.store.createBranch(repo.id, 'feat/x');
    const encoded = await postCommit(server, repo, ndjson([header(), fileLine('a.txt', 'a')]), { rev: 'feat%2Fx' });
    assert.equal(encoded.status, 200, encoded.text);
    assert.equal(headOf(server, repo, 'feat/x'), (encoded.json() as { commitOid: string }).commitOid);
  });

  it('uses the host the client used in commitUrl, with the dataset prefix', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server, 'd1', { type: 'dataset' });
    const port = new URL(server.url).port;
    const res = await httpRequest(`${apiBase(server, repo)}/commit/main`, {
      method: 'POST',
      headers: { ...bearer(server.token), host: `localhost:${port}`, 'content-type': 'application/x-ndjson' },
      body: ndjson([header(), fileLine('x.csv', 'a,b\n')]),
    });
    assert.equal(res.status, 200);
    const body = res.json() as { commitOid: string; commitUrl: string };
    assert.equal(body.commitUrl, `http://localhost:${port}/datasets/alice/d1/commit/${body.commitOid}`);
  });
});

describe('branches and tags', () => {
  it('creates and deletes branches and tags; duplicates get 409 (§7.29)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const json = { ...bearer(server.token), 'content-type': 'application/json' };
    const base = apiBase(server, repo);
    const created = await httpRequest(`${base}/branch/dev`, { method: 'POST', headers: json, body: JSON.stringify({ startingPoint: 'main' }) });
    assert.equal(created.status, 200);
    assert.equal(headOf(server, repo, 'dev'), headOf(server, repo));
    const again = await httpRequest(`${base}/branch/dev`, { method: 'POST', headers: json, body: JSON.stringify({ startingPoint: 'main' }) });
    assert.equal(again.status, 409);

    const tag = await httpRequest(`${base}/tag/main`, { method: 'POST', headers: json, body: JSON.stringify({ tag: 'v1', message: 'first' }) });
    assert.equal(tag.status, 200);
    assert.equal(server.core.store.resolveRevision(repo.id, 'v1'), headOf(server, repo));
    const tagAgain = await httpRequest(`${base}/tag/main`, { method: 'POST', headers: json, body: JSON.stringify({ tag: 'v1' }) });
    assert.equal(tagAgain.status, 409);

    assert.equal((await httpRequest(`${base}/tag/v1`, { method: 'DELETE', headers: bearer(server.token) })).status, 200);
    assert.equal((await httpRequest(`${base}/branch/dev`, { method: 'DELETE', headers: bearer(server.token) })).status, 200);
    assert.deepEqual(server.core.store.listRefs(repo.id), { branches: [{ name: 'main', commit: headOf(server, repo) }], tags: [] });
    const gone = await httpRequest(`${base}/branch/dev`, { method: 'DELETE', headers: bearer(server.token) });
    assert.deepEqual([gone.status, gone.header('x-error-code')], [404, 'RevisionNotFound']);
  });

  it('creates branches from a body-less POST, %2F names, empty branches and overwrites', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const base = apiBase(server, repo);
    const auth = bearer(server.token);
    assert.equal((await httpRequest(`${base}/branch/plain`, { method: 'POST', headers: auth })).status, 200);
    assert.equal((await httpRequest(`${base}/branch/feat%2Fy`, { method: 'POST', headers: auth })).status, 200);
    assert.equal(headOf(server, repo, 'feat/y'), headOf(server, repo));

    const json = { ...auth, 'content-type': 'application/json' };
    const empty = await httpRequest(`${base}/branch/empty`, { method: 'POST', headers: json, body: JSON.stringify({ emptyBranch: true }) });
    assert.equal(empty.status, 200, empty.text);
    const emptyHead = headOf(server, repo, 'empty');
    assert.deepEqual(server.core.store.getCommit(emptyHead)?.parents, []);
    assert.deepEqual([...server.core.store.listTree(emptyHead)], []);

    await postCommit(server, repo, ndjson([header(), fileLine('a.txt', 'a')]));
    const overwrite = await httpRequest(`${base}/branch/plain`, { method: 'POST', headers: json, body: JSON.stringify({ startingPoint: 'main', overwrite: true }) });
    assert.equal(overwrite.status, 200);
    assert.equal(headOf(server, repo, 'plain'), headOf(server, repo));
  });

  it('refuses invalid branch names with 400', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    for (const name of ['refs%2Fpr%2F5', '..%2Fescape', 'a..b', 'bad%20name', '%2Flead']) {
      const res = await httpRequest(`${apiBase(server, repo)}/branch/${name}`, { method: 'POST', headers: bearer(server.token) });
      assert.equal(res.status, 400, name);
    }
    assert.deepEqual(server.core.store.listRefs(repo.id).branches.map((branch) => branch.name), ['main']);
  });
});

describe('routes answered with 501', () => {
  it('answers the Xet token routes with a message naming HF_HUB_DISABLE_XET (§7.34)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    for (const kind of ['xet-write-token', 'xet-read-token']) {
      const res = await httpRequest(`${apiBase(server, repo)}/${kind}/main`, { headers: bearer(server.token) });
      assert.equal(res.status, 501);
      assert.match(res.header('x-error-message'), /HF_HUB_DISABLE_XET=1/);
      assert.match(res.header('content-type'), /^application\/json/);
    }
  });

  it('answers git-lfs lock verification with the lists of locks so pushes continue', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const res = await httpRequest(`${server.url}/alice/m1.git/info/lfs/locks/verify`, {
      method: 'POST',
      headers: { ...bearer(server.token), 'content-type': 'application/vnd.git-lfs+json' },
      body: JSON.stringify({ ref: { name: 'refs/heads/main' } }),
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { ours: [], theirs: [] });
    const list = await httpRequest(`${server.url}/alice/m1.git/info/lfs/locks`, { headers: bearer(server.token) });
    assert.equal(list.status, 200);
    assert.deepEqual(list.json(), { locks: [] });
    void repo;
  });
});
