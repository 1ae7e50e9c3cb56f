import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AppError } from '../../src/shared/errors.js';
import { TransferSigner } from '../../src/main/hub/signed-url.js';
import type { RepoRecord } from '../../src/main/store/index.js';
import { bearer, httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { rawSocketRequest } from '../helpers/raw-request.js';
import {
  apiBase,
  batchUpload,
  createTestRepo,
  fileLine,
  header,
  headOf,
  lfsLine,
  ndjson,
  postBatch,
  postCommit,
  readOnlyToken,
  sha256,
  uploadLfs,
  type BatchResponse,
} from '../helpers/hub-write.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;

/** Asserts a client error with HF's headers, and that the branch head did not move. */
function assertRefused(res: HttpResponse, status: number, server: TestServer, repo: RepoRecord, headBefore: string): void {
  assert.equal(res.status, status, `${res.status} ${res.text}`);
  assert.ok(res.header('x-error-code'), 'X-Error-Code is set');
  assert.ok(res.header('x-error-message'), 'X-Error-Message is set');
  assert.equal(headOf(server, repo), headBefore, 'the branch did not move');
}

function tempFiles(server: TestServer): string[] {
  return readdirSync(join(server.dataDir, 'tmp'), { recursive: true }).map(String).filter((name) => !name.endsWith('multipart'));
}

describe('write auth', () => {
  it('answers 401 to unknown or missing tokens and 403 to read tokens on every write route', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const ownReadToken = server.core.accounts.createToken(server.user, { role: 'read', displayName: 'ro' });
    const bobRead = readOnlyToken(server);
    const cases: Array<[Record<string, string>, number]> = [
      [{}, 401],
      [bearer('hf_unknown_from_hfco_0000000000'), 401],
      [bearer(ownReadToken), 403],
      [bearer(bobRead), 403],
    ];
    const base = apiBase(server, repo);
    for (const [auth, status] of cases) {
      const commit = await httpRequest(`${base}/commit/main`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/x-ndjson' },
        body: ndjson([header(), fileLine('a.txt', 'a')]),
      });
      assertRefused(commit, status, server, repo, before);
      const pre = await httpRequest(`${base}/preupload/main`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ files: [] }),
      });
      assert.equal(pre.status, status);
      const branch = await httpRequest(`${base}/branch/dev`, { method: 'POST', headers: auth });
      assert.equal(branch.status, status);
      const tag = await httpRequest(`${base}/tag/main`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"tag":"v1"}' });
      assert.equal(tag.status, status);
      const batch = await postBatch(server, repo, { operation: 'upload', objects: [{ oid: sha256('x'), size: 1 }] }, auth);
      assert.equal(batch.status, status);
      if (status === 401) assert.equal(batch.header('lfs-authenticate'), 'Basic realm="HubKeeper"');
      assert.equal(typeof (batch.json() as { message: string }).message, 'string');
    }
    assert.deepEqual(server.core.store.listRefs(repo.id), { branches: [{ name: 'main', commit: before }], tags: [] });
  });

  it('hides private repos: 401 anonymous, 404 for outsiders, downloads need read access', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server, 'p1', { private: true });
    const bob = readOnlyToken(server);
    const anonymous = await postBatch(server, repo, { operation: 'download', objects: [] }, {});
    assert.deepEqual([anonymous.status, anonymous.header('x-error-code')], [401, 'RepoNotFound']);
    assert.equal(anonymous.header('lfs-authenticate'), 'Basic realm="HubKeeper"');
    const outsider = await postBatch(server, repo, { operation: 'download', objects: [] }, bearer(bob));
    assert.deepEqual([outsider.status, outsider.header('x-error-code')], [404, 'RepoNotFound']);
    const commit = await postCommit(server, repo, ndjson([header(), fileLine('a.txt', 'a')]), { token: bob });
    assert.deepEqual([commit.status, commit.header('x-error-code')], [404, 'RepoNotFound']);
    const owner = await postBatch(server, repo, { operation: 'download', objects: [] });
    assert.equal(owner.status, 200);
  });

  it('lets anyone ask for downloads from a public repo but not uploads', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const bob = readOnlyToken(server);
    const download = await postBatch(server, repo, { operation: 'download', objects: [{ oid: sha256('x'), size: 1 }] }, bearer(bob));
    assert.equal(download.status, 200);
    assert.equal((download.json() as BatchResponse).objects[0]?.error?.code, 404);
  });
});

describe('malformed commits', () => {
  it('refuses bad NDJSON with 400 and writes nothing', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const file = JSON.stringify(fileLine('a.txt', 'a'));
    const bodies: Array<[string, string]> = [
      ['not JSON', `${JSON.stringify(header())}\n{"key": "file", "value": {`],
      ['empty body', ''],
      ['only blank lines', '\n\n\n'],
      ['no operations', `${JSON.stringify(header())}\n`],
      ['header not first', `${file}\n${JSON.stringify(header())}\n`],
      ['two headers', `${JSON.stringify(header())}\n${JSON.stringify(header())}\n${file}`],
      ['unknown operation key', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'renameFile', value: { path: 'a' } })}`],
      ['copyFile', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'copyFile', value: { path: 'a', srcPath: 'b' } })}`],
      ['unknown field in a line', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'file', value: { path: 'a' }, extra: 1 })}`],
      ['unknown field in a value', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'file', value: { path: 'a', content: 'YQ==', encoding: 'base64', mode: '755' } })}`],
      ['unknown header field', `${JSON.stringify({ key: 'header', value: { summary: 's', sneaky: true } })}\n${file}`],
      ['missing summary', `${JSON.stringify({ key: 'header', value: {} })}\n${file}`],
      ['bad parentCommit', `${JSON.stringify(header('s', { parentCommit: 'main' }))}\n${file}`],
      ['a line that is not an object', `${JSON.stringify(header())}\n[1,2]`],
      ['unknown encoding', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'file', value: { path: 'a', content: 'YQ==', encoding: 'hex' } })}`],
      ['base64 with bad characters', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'file', value: { path: 'a', content: 'YW*=', encoding: 'base64' } })}`],
      ['base64 with bad length', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'file', value: { path: 'a', content: 'YWJjZ', encoding: 'base64' } })}`],
      ['lfsFile with a bad oid', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'lfsFile', value: { path: 'a', algo: 'sha256', oid: 'abc', size: 1 } })}`],
      ['lfsFile with another algo', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'lfsFile', value: { path: 'a', algo: 'md5', oid: sha256('a'), size: 1 } })}`],
      ['lfsFile with a negative size', `${JSON.stringify(header())}\n${JSON.stringify({ key: 'lfsFile', value: { path: 'a', algo: 'sha256', oid: sha256('a'), size: -1 } })}`],
    ];
    for (const [what, body] of bodies) {
      const res = await postCommit(server, repo, body);
      assert.equal(res.status, 400, `${what}: ${res.status} ${res.text}`);
      assert.equal(res.header('x-error-code') !== '', true, what);
      assert.equal(headOf(server, repo), before, what);
    }
  });

  it('answers 422 for LFS objects that were never uploaded or have another size (§7.15)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const never = Buffer.from('never uploaded');
    assertRefused(await postCommit(server, repo, ndjson([header(), fileLine('ok.txt', 'ok'), lfsLine('w.bin', never)])), 422, server, repo, before);
    assertRefused(
      await postCommit(server, repo, ndjson([header(), { key: 'lfsFile', value: { path: 'w.bin', algo: 'sha256', oid: sha256(never) } }])),
      422,
      server,
      repo,
      before,
    );
    const stored = Buffer.from('stored content');
    await uploadLfs(server, repo, stored);
    assertRefused(
      await postCommit(server, repo, ndjson([header(), { key: 'lfsFile', value: { path: 'w.bin', algo: 'sha256', oid: sha256(stored), size: 99 } }])),
      422,
      server,
      repo,
      before,
    );
  });

  it('refuses path traversal in NDJSON paths with 400', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const stored = Buffer.from('lfs');
    await uploadLfs(server, repo, stored);
    // A backslash is an ordinary character (as on the Hub): '..\\b' is refused for starting with "..".
    for (const path of ['../escape.txt', 'a/../../b', '/etc/passwd', '..\\b', '.git/config', 'sub/.git/hooks/x', 'a//b', './a', 'C:/x', '', 'nul\0byte']) {
      for (const line of [
        fileLine(path, 'x'),
        { key: 'lfsFile', value: { path, algo: 'sha256', oid: sha256(stored), size: stored.length } },
        { key: 'deletedFile', value: { path } },
        { key: 'deletedFolder', value: { path: path === '' ? '/' : path } },
        { key: 'file', value: { path: 'ok.txt', content: 'eA==', encoding: 'base64', oldPath: path } },
      ]) {
        const res = await postCommit(server, repo, ndjson([header(), line]));
        const expected = path.startsWith('..') ? [422] : [400, 404];
        assert.ok(expected.includes(res.status), `${JSON.stringify(line)}: ${res.status} ${res.text}`);
        assert.equal(headOf(server, repo), before);
      }
    }
  });

  it('refuses path traversal in every path parameter without a 500', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const auth = { ...bearer(server.token), 'content-type': 'application/json' };
    const body = ndjson([header(), fileLine('a.txt', 'a')]);
    const urls = [
      `/api/models/..%2F..%2Fetc/m1/commit/main`,
      `/api/models/alice/..%2Fm1/commit/main`,
      `/api/models/alice/m1/commit/..%2F..%2Fmain`,
      `/api/models/alice/m1/commit/refs%2Fheads%2F..%2Fmain`,
      `/api/..%2Fmodels/alice/m1/commit/main`,
      `/api/models/alice/m1/preupload/..%2F..`,
      `/api/models/alice/m1/branch/..%2F..%2Fx`,
      `/api/models/alice/m1/tag/..%2F..`,
      `/..%2F..%2Fetc/m1.git/info/lfs/objects/batch`,
      `/alice/..%2Fm1.git/info/lfs/objects/batch`,
      `/-/lfs/upload/..%2F..%2Fetc%2Fpasswd?g=x&sig=y`,
      `/-/lfs/download/..%2F..%2Fhubkeeper.db`,
      `/api/models/alice/m1/commit/main%00`,
      `/api/models/alice/m1/commit/%zz`,
    ];
    for (const url of urls) {
      for (const method of ['POST', 'PUT', 'GET', 'DELETE']) {
        const res = await httpRequest(`${server.url}${url}`, { method, headers: auth, body: method === 'GET' || method === 'DELETE' ? undefined : body });
        assert.ok(res.status >= 400 && res.status < 500, `${method} ${url}: ${res.status} ${res.text}`);
      }
    }
    assert.equal(headOf(server, repo), before);
    assert.deepEqual(server.core.store.listRefs(repo.id).tags, []);
  });
});

describe('invalid UTF-8', () => {
  const bytes = (...parts: Array<string | number[]>): Buffer =>
    Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

  it('refuses invalid UTF-8 in commit paths, JSON bodies, forms, ref names and repo ids with 400, writing nothing', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const base = apiBase(server, repo);
    const auth = bearer(server.token);
    const ndjsonType = { ...auth, 'content-type': 'application/x-ndjson' };
    const jsonType = { ...auth, 'content-type': 'application/json' };
    const head = `${JSON.stringify(header())}\n`;
    const requests: Array<[string, string, Record<string, string>, Buffer | string | undefined]> = [
      ['POST', `${base}/commit/main`, ndjsonType, bytes(head, '{"key":"file","value":{"path":"', [0xff, 0xfe], '","content":"YQ==","encoding":"base64"}}\n')],
      ['POST', `${base}/commit/main`, ndjsonType, bytes(head, '{"key":"deletedFile","value":{"path":"a', [0xc3], '"}}\n')],
      ['POST', `${base}/commit/main`, ndjsonType, `${head}{"key":"file","value":{"path":"lone\\udcff.txt","content":"YQ==","encoding":"base64"}}\n`],
      ['POST', `${base}/commit/main`, ndjsonType, bytes('{"key":"header","value":{"summary":"', [0xed, 0xa0, 0x80], '"}}\n')],
      ['POST', `${base}/preupload/main`, jsonType, bytes('{"files":[{"path":"', [0xff], '","size":1}]}')],
      ['POST', `${base}/paths-info/main`, { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, 'paths=%ff%fe'],
      ['POST', `${base}/paths-info/main`, { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, bytes('paths=', [0xff])],
      ['POST', `${base}/branch/dev`, jsonType, bytes('{"startingPoint":"main', [0xff], '"}')],
      ['POST', `${base}/branch/%ff%fe`, auth, undefined],
      ['POST', `${base}/branch/lone%ED%B2%80`, auth, undefined],
      ['POST', `${base}/tag/main`, jsonType, '{"tag":"v\\ud800"}'],
      ['POST', `${base}/tag/main`, jsonType, bytes('{"tag":"v', [0xfe], '"}')],
      ['POST', `${base}/commit/%ff`, ndjsonType, ndjson([header(), fileLine('a.txt', 'a')])],
      ['POST', `${server.url}/api/models/alice/m%ff/commit/main`, ndjsonType, ndjson([header(), fileLine('a.txt', 'a')])],
      ['POST', `${server.url}/api/repos/create`, jsonType, bytes('{"name":"m', [0xff], '"}')],
      ['POST', `${server.url}/${repo.fullName}.git/info/lfs/objects/batch`, { ...auth, 'content-type': 'application/vnd.git-lfs+json' }, bytes('{"operation":"upload","objects":[{"oid":"', [0xff], '","size":1}]}')],
    ];
    for (const [method, url, headers, body] of requests) {
      const res = await httpRequest(url, { method, headers, ...(body === undefined ? {} : { body }) });
      const what = `${method} ${url} ${JSON.stringify(body?.toString('latin1'))}`;
      assert.equal(res.status, 400, `${what}: ${res.status} ${res.text}`);
      assert.ok(res.header('x-error-code'), what);
    }
    const target = await rawSocketRequest(server.url, bytes(`GET /${repo.fullName}/resolve/main/`, [0xff, 0xfe], ` HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nConnection: close\r\n\r\n`));
    assert.equal(target.status, 400);
    assert.equal(target.header('x-error-code'), 'BadRequest');
    assert.equal(headOf(server, repo), before);
    assert.deepEqual(server.core.store.listRefs(repo.id), { branches: [{ name: 'main', commit: before }], tags: [] });
    assert.deepEqual(server.core.store.listRepos().map((record) => record.fullName), [repo.fullName]);
  });
});

describe('LFS upload integrity', () => {
  it('refuses a PUT whose bytes do not hash to the oid, keeps nothing, and offers the upload again (§7.11)', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const content = Buffer.from('the right bytes');
    const batch = await batchUpload(server, repo, [content]);
    const href = batch.objects[0]?.actions?.upload?.href ?? '';
    const wrong = await httpRequest(href, { method: 'PUT', body: Buffer.from('the wrong bytes') });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.header('x-error-code'), 'IntegrityError');
    assert.equal(server.core.store.blobs.has(sha256(content)), false);
    assert.equal(server.core.store.blobs.has(sha256('the wrong bytes')), false);
    assert.deepEqual(tempFiles(server), []);
    const again = await batchUpload(server, repo, [content]);
    assert.ok(again.objects[0]?.actions?.upload?.href);
  });

  it('refuses bodies shorter or longer than the size, declared or chunked', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const content = Buffer.from('exactly these bytes');
    const href = (await batchUpload(server, repo, [content])).objects[0]?.actions?.upload?.href ?? '';
    const attempts: Array<[string, Buffer, Record<string, string>]> = [
      ['short', content.subarray(0, 5), {}],
      ['long', Buffer.concat([content, Buffer.from('extra')]), {}],
      ['short chunked', content.subarray(0, 5), { 'transfer-encoding': 'chunked' }],
      ['long chunked', Buffer.concat([content, Buffer.from('extra')]), { 'transfer-encoding': 'chunked' }],
    ];
    for (const [what, body, headers] of attempts) {
      const res = await httpRequest(href, { method: 'PUT', headers, body });
      assert.equal(res.status, 422, what);
    }
    assert.equal(server.core.store.blobs.has(sha256(content)), false);
    assert.deepEqual(tempFiles(server), []);
  });

  it('keeps nothing from a PUT the client abandons halfway', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const content = Buffer.alloc(4 * MiB, 3);
    const href = (await batchUpload(server, repo, [content])).objects[0]?.actions?.upload?.href ?? '';
    await new Promise<void>((resolve) => {
      const req = request(href, { method: 'PUT', headers: { 'content-length': String(content.length) } });
      req.on('error', () => resolve());
      req.write(content.subarray(0, MiB), () => req.destroy());
    });
    // The server notices the reset on its own schedule; wait for its temp file to go.
    for (let i = 0; i < 200 && tempFiles(server).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.deepEqual(tempFiles(server), []);
    assert.equal(server.core.store.blobs.has(sha256(content)), false);
    const put = await httpRequest(href, { method: 'PUT', body: content });
    assert.equal(put.status, 200);
    assert.ok(server.core.store.blobs.has(sha256(content)));
  });

  it('refuses forged, altered, reused and expired transfer URLs with 403', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const content = Buffer.from('signed bytes');
    const object = (await batchUpload(server, repo, [content])).objects[0];
    const href = new URL(object?.actions?.upload?.href ?? '');
    const forgedSig = new URL(href);
    forgedSig.searchParams.set('sig', 'A'.repeat(43));
    const grant = JSON.parse(Buffer.from(href.searchParams.get('g') ?? '', 'base64url').toString()) as Record<string, unknown>;
    const altered = new URL(href);
    altered.searchParams.set('g', Buffer.from(JSON.stringify({ ...grant, s: 5 })).toString('base64url'));
    const otherOid = new URL(href);
    otherOid.pathname = `/-/lfs/upload/${sha256('other')}`;
    const asVerify = new URL(href);
    asVerify.pathname = asVerify.pathname.replace('/upload/', '/download/');
    const unsigned = new URL(href);
    unsigned.search = '';

    const signer = new TransferSigner(server.core.store.uploads.signingKey());
    const expired = `${server.url}/-/lfs/upload/${sha256(content)}?${signer.sign({
      action: 'upload',
      repoId: repo.id,
      oid: sha256(content),
      size: content.length,
      expires: Math.floor(Date.now() / 1000) - 1,
    })}`;
    const otherKey = new TransferSigner(Buffer.alloc(32, 1));
    const foreign = `${server.url}/-/lfs/upload/${sha256(content)}?${otherKey.sign({
      action: 'upload',
      repoId: repo.id,
      oid: sha256(content),
      size: content.length,
      expires: Math.floor(Date.now() / 1000) + 600,
    })}`;

    for (const [what, url, method] of [
      ['forged signature', forgedSig.href, 'PUT'],
      ['altered grant', altered.href, 'PUT'],
      ['another oid', otherOid.href, 'PUT'],
      ['upload grant used to download', asVerify.href, 'GET'],
      ['no signature', unsigned.href, 'PUT'],
      ['expired', expired, 'PUT'],
      ['signed with another key', foreign, 'PUT'],
    ] as const) {
      const res = await httpRequest(url, { method, body: method === 'PUT' ? content : undefined });
      assert.equal(res.status, 403, `${what}: ${res.status} ${res.text}`);
    }
    assert.equal(server.core.store.blobs.has(sha256(content)), false);
  });

  it('refuses multipart completions with missing parts or unknown ETags, storing nothing', async (t) => {
    const server = await startServer(t, { overrides: { multipartThreshold: MiB, multipartChunkSize: MiB } });
    const repo = createTestRepo(server);
    const content = Buffer.alloc(2 * MiB + 10, 5);
    const upload = (await batchUpload(server, repo, [content], ['basic', 'multipart'])).objects[0]?.actions?.upload;
    const parts = upload?.header ?? {};
    const first = await httpRequest(parts['1'] ?? '', { method: 'PUT', body: content.subarray(0, MiB) });
    assert.equal(first.status, 200);
    const wrongSize = await httpRequest(parts['2'] ?? '', { method: 'PUT', body: content.subarray(MiB, MiB + 10) });
    assert.equal(wrongSize.status, 422);
    const complete = (body: unknown) =>
      httpRequest(upload?.href ?? '', { method: 'POST', headers: { 'content-type': 'application/vnd.git-lfs+json' }, body: JSON.stringify(body) });
    const missing = await complete({ oid: sha256(content), parts: [{ partNumber: 1, etag: first.header('etag') }] });
    assert.equal(missing.status, 422);
    const forgedEtag = await complete({
      oid: sha256(content),
      parts: [1, 2, 3].map((partNumber) => ({ partNumber, etag: partNumber === 1 ? first.header('etag') : '"0000"' })),
    });
    assert.equal(forgedEtag.status, 422);
    const wrongOid = await complete({ oid: sha256('x'), parts: [] });
    assert.equal(wrongOid.status, 422);
    assert.equal(server.core.store.blobs.has(sha256(content)), false);
  });
});

describe('quota checks', () => {
  it('answers 413 from the batch and the commit when the quota refuses, writing nothing', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const seen: number[] = [];
    t.mock.method(server.core.store, 'assertQuota', (_repoId: number, bytes: number) => {
      seen.push(bytes);
      if (bytes > 100) throw new AppError('QuotaExceeded', `Uploading ${bytes} bytes would exceed the quota`);
    });
    const stored = Buffer.alloc(50, 1);
    await uploadLfs(server, repo, stored);
    const big = Buffer.alloc(500, 2);
    const batch = await postBatch(server, repo, {
      operation: 'upload',
      objects: [
        { oid: sha256(big), size: big.length },
        { oid: sha256(stored), size: stored.length },
      ],
    });
    assert.equal(batch.status, 413);
    assert.equal(typeof (batch.json() as { message: string }).message, 'string');
    const commit = await postCommit(server, repo, ndjson([header(), fileLine('big.txt', Buffer.alloc(200, 65))]));
    assertRefused(commit, 413, server, repo, before);
    // Objects already stored do not count against the quota.
    assert.deepEqual(seen, [50, 500, 200]);
  });
});

describe('quota limits', () => {
  it('refuses uploads and commits over the repo quota with 413 QuotaExceeded', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    server.core.store.setRepoQuota(repo.id, 4096);
    const big = Buffer.alloc(8192, 1);
    const batch = await postBatch(server, repo, { operation: 'upload', objects: [{ oid: sha256(big), size: big.length }] });
    assert.deepEqual([batch.status, batch.header('x-error-code')], [413, 'QuotaExceeded']);
    const commit = await postCommit(server, repo, ndjson([header(), fileLine('big.txt', Buffer.alloc(8192, 65))]));
    assertRefused(commit, 413, server, repo, before);
    const small = await postCommit(server, repo, ndjson([header(), fileLine('small.txt', 'fits')]));
    assert.equal(small.status, 200);
  });
});

describe('large and concurrent commits', () => {
  it('applies a 10,000-operation commit', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const lines = [header('ten thousand')];
    for (let i = 0; i < 10_000; i++) lines.push(fileLine(`d${i % 100}/f${i}.json`, JSON.stringify({ i })));
    const res = await postCommit(server, repo, ndjson(lines, false));
    assert.equal(res.status, 200, res.text);
    const files = [...server.core.store.listTree(headOf(server, repo), '', { recursive: true })].filter((entry) => entry.type === 'file');
    assert.equal(files.length, 10_001);
    assert.equal(server.core.store.readTextFile(headOf(server, repo), 'd7/f9907.json'), '{"i":9907}');
  });

  it('lets exactly one of several commits on the same parent win; the others get 412 and nothing is lost', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const parent = headOf(server, repo);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => postCommit(server, repo, ndjson([header(`racer ${i}`, { parentCommit: parent }), fileLine(`racer-${i}.txt`, String(i))]))),
    );
    const statuses = results.map((res) => res.status).sort();
    assert.deepEqual(statuses, [200, 412, 412, 412, 412, 412]);
    const winner = results.findIndex((res) => res.status === 200);
    const head = headOf(server, repo);
    assert.equal(head, (results[winner]?.json() as { commitOid: string }).commitOid);
    assert.equal(server.core.store.getCommit(head)?.parents[0], parent);
    const paths = [...server.core.store.listTree(head)].map((entry) => entry.path);
    assert.deepEqual(paths, ['.gitattributes', `racer-${winner}.txt`]);

    // Without a parentCommit, concurrent commits serialise and every one lands.
    const more = await Promise.all(Array.from({ length: 5 }, (_, i) => postCommit(server, repo, ndjson([header(`free ${i}`), fileLine(`free-${i}.txt`, String(i))]))));
    assert.deepEqual(more.map((res) => res.status), [200, 200, 200, 200, 200]);
    const all = [...server.core.store.listTree(headOf(server, repo))].map((entry) => entry.path);
    for (let i = 0; i < 5; i++) assert.ok(all.includes(`free-${i}.txt`));
    assert.equal([...server.core.store.history(headOf(server, repo))].length, 7);
  });
});

describe('strict request bodies', () => {
  it('refuses an LFS oid or size of the wrong type instead of coercing it into an upload URL', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const oid = sha256('coerced');
    const wrongTypes = [
      { oid: [oid], size: 1 },
      { oid: { toString: oid }, size: 1 },
      { oid, size: '7' },
      { oid, size: [7] },
      { oid, size: true },
    ];
    for (const operation of ['upload', 'download']) {
      const res = await postBatch(server, repo, { operation, objects: wrongTypes });
      assert.equal(res.status, 200, res.text);
      const objects = (res.json() as BatchResponse).objects;
      assert.equal(objects.length, wrongTypes.length);
      for (const [index, object] of objects.entries()) {
        assert.equal(object.error?.code, 422, `${operation} ${JSON.stringify(wrongTypes[index])}: ${JSON.stringify(object)}`);
        assert.equal(object.actions, undefined);
        assert.equal(typeof object.oid, 'string');
        assert.equal(typeof object.size, 'number');
      }
    }
  });

  it('refuses branch flags that are not booleans, creating nothing', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const headers = { ...bearer(server.token), 'content-type': 'application/json' };
    for (const body of [{ emptyBranch: [true] }, { emptyBranch: 'true' }, { overwrite: { yes: 1 } }, { startingPoint: ['main'] }]) {
      const res = await httpRequest(`${apiBase(server, repo)}/branch/flagged`, { method: 'POST', headers, body: JSON.stringify(body) });
      assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      assert.equal(res.header('x-error-code'), 'BadRequest');
    }
    assert.deepEqual(server.core.store.listRefs(repo.id).branches.map((branch) => branch.name), ['main']);
  });
});
