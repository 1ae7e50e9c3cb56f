import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { commit, createBranch, deleteBranch, uploadFiles, type RepoDesignation } from '@huggingface/hub';
import type { RepoRecord } from '../../src/main/store/index.js';
import { createTestRepo, headOf, readOnlyToken, sha256 } from '../helpers/hub-write.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

const MiB = 1024 * 1024;

function bigContent(size: number, seed: number): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) data.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return data;
}

function designation(repo: RepoRecord): RepoDesignation {
  return { type: repo.type, name: repo.fullName };
}

/** Reads a committed file's bytes back from the store (LFS content from the blob store). */
function committedBytes(server: TestServer, repo: RepoRecord, path: string): Buffer {
  const { store } = server.core;
  const entry = store.getEntry(headOf(server, repo), path);
  assert.equal(entry?.type, 'file', `${path} is committed`);
  if (entry?.type !== 'file') throw new Error('unreachable');
  if (entry.lfs) return readFileSync(store.blobs.pathOf(entry.lfs.oid));
  return Buffer.from(store.readTextFile(headOf(server, repo), path) ?? '', 'utf8');
}

describe('@huggingface/hub against the write routes', () => {
  it('uploadFiles sends small files inline and an 11 MB file through LFS with one PUT', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const big = bigContent(11 * MiB, 1);
    const result = await uploadFiles({
      repo: designation(repo),
      hubUrl: server.url,
      accessToken: server.token,
      files: [
        { path: 'README.md', content: new Blob(['# m1\n']) },
        { path: 'config/settings.json', content: new Blob(['{"layers": 2}']) },
        { path: 'weights/model.bin', content: new Blob([big]) },
      ],
    });
    assert.equal(result?.commit.oid, headOf(server, repo));
    assert.equal(result?.commit.url, `${server.url}/alice/m1/commit/${result?.commit.oid}`);
    const entry = server.core.store.getEntry(headOf(server, repo), 'weights/model.bin');
    assert.deepEqual(entry?.type === 'file' ? entry.lfs?.oid : undefined, sha256(big));
    assert.ok(committedBytes(server, repo, 'weights/model.bin').equals(big));
    assert.equal(committedBytes(server, repo, 'README.md').toString(), '# m1\n');
    assert.equal(committedBytes(server, repo, 'config/settings.json').toString(), '{"layers": 2}');
  });

  it('uploadFiles uses HF multipart when the server offers it', async (t) => {
    const server = await startServer(t, { overrides: { multipartThreshold: 5 * MiB, multipartChunkSize: 4 * MiB } });
    const repo = createTestRepo(server);
    const big = bigContent(11 * MiB + 17, 2);
    const partRequests: string[] = [];
    const observingFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/-/lfs/')) partRequests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname.split('/')[3] ?? ''}`);
      return fetch(input, init);
    };
    await uploadFiles({
      repo: designation(repo),
      hubUrl: server.url,
      accessToken: server.token,
      fetch: observingFetch,
      files: [{ path: 'big.safetensors', content: new Blob([big]) }],
    });
    assert.deepEqual(partRequests.sort(), ['POST complete', 'PUT part', 'PUT part', 'PUT part']);
    assert.ok(committedBytes(server, repo, 'big.safetensors').equals(big));
  });

  it('commit applies deletes next to additions', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const auth = { repo: designation(repo), hubUrl: server.url, accessToken: server.token };
    await uploadFiles({ ...auth, files: [{ path: 'a.txt', content: new Blob(['a']) }, { path: 'b.txt', content: new Blob(['b']) }] });
    const parent = headOf(server, repo);
    await commit({
      ...auth,
      title: 'replace a with c',
      parentCommit: parent,
      operations: [
        { operation: 'delete', path: 'a.txt' },
        { operation: 'addOrUpdate', path: 'c.txt', content: new Blob(['c']) },
      ],
    });
    const paths = [...server.core.store.listTree(headOf(server, repo))].map((entry) => entry.path);
    assert.deepEqual(paths, ['.gitattributes', 'b.txt', 'c.txt']);
    assert.equal(server.core.store.getCommit(headOf(server, repo))?.parents[0], parent);
  });

  it('createBranch and deleteBranch manage branches', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const auth = { repo: designation(repo), hubUrl: server.url, accessToken: server.token };
    await createBranch({ ...auth, branch: 'dev' });
    await createBranch({ ...auth, branch: 'scratch', empty: true });
    await assert.rejects(createBranch({ ...auth, branch: 'dev' }), (error: Error & { statusCode?: number }) => error.statusCode === 409);
    await uploadFiles({ ...auth, branch: 'dev', files: [{ path: 'dev.txt', content: new Blob(['on dev']) }] });
    assert.notEqual(headOf(server, repo, 'dev'), headOf(server, repo));
    await createBranch({ ...auth, branch: 'dev', revision: 'main', overwrite: true });
    assert.equal(headOf(server, repo, 'dev'), headOf(server, repo));
    await deleteBranch({ ...auth, branch: 'dev' });
    await deleteBranch({ ...auth, branch: 'scratch' });
    assert.deepEqual(server.core.store.listRefs(repo.id).branches.map((branch) => branch.name), ['main']);
    await assert.rejects(deleteBranch({ ...auth, branch: 'dev' }), (error: Error & { statusCode?: number }) => error.statusCode === 404);
  });

  it('fails with 403 for a read token and 401 for an unknown token, committing nothing', async (t) => {
    const server = await startServer(t);
    const repo = createTestRepo(server);
    const before = headOf(server, repo);
    const files = [{ path: 'a.txt', content: new Blob(['a']) }];
    const readToken = readOnlyToken(server);
    await assert.rejects(
      uploadFiles({ repo: designation(repo), hubUrl: server.url, accessToken: readToken, files }),
      (error: Error & { statusCode?: number }) => error.statusCode === 403,
    );
    await assert.rejects(
      uploadFiles({ repo: designation(repo), hubUrl: server.url, accessToken: 'hf_not_a_token_we_issued_000', files }),
      (error: Error & { statusCode?: number }) => error.statusCode === 401,
    );
    await assert.rejects(
      createBranch({ repo: designation(repo), hubUrl: server.url, accessToken: readToken, branch: 'x' }),
      (error: Error & { statusCode?: number }) => error.statusCode === 403,
    );
    assert.equal(headOf(server, repo), before);
  });
});
