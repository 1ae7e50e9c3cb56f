import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { rawPathRequest } from '../helpers/raw-request.js';
import { commitFiles, patternBytes, seedRepo, seededServer } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

interface Entry {
  type: string;
  path: string;
  size: number;
  oid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit?: { id: string; title: string; date: string };
}

const gitOid = (data: Buffer) => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const weights = patternBytes(3000);
const files = {
  'a.json': '{"a": 1}\n',
  'README.md': '# m1\n',
  'sub/dir/deep.txt': 'deep',
  'sub/dir/w.bin': weights,
  'sub/top.txt': 'top',
};

async function seeded(t: Cleanup) {
  const { server, repo, head } = await seededServer(t, { files, lfs: ['sub/dir/w.bin'] });
  return { server, repo, head, api: `${server.url}/api/models/alice/m1` };
}

function entries(res: HttpResponse): Entry[] {
  assert.equal(res.status, 200, res.text);
  return res.json() as Entry[];
}

/** Follows `Link: <...>; rel="next"` from `url` to the end; returns every page's entries and links. */
async function allPages(url: string): Promise<{ entries: Entry[]; links: string[] }> {
  const all: Entry[] = [];
  const links: string[] = [];
  let next: string | undefined = url;
  while (next) {
    const res = await httpRequest(next);
    all.push(...entries(res));
    const link = res.header('link');
    links.push(link);
    next = /^<(http:\/\/[^>]+)>; rel="next"$/.exec(link)?.[1];
  }
  return { entries: all, links };
}

describe('GET /api/{type}s/{id}/tree/{rev}', () => {
  it('lists files and folders recursively with the exact HF entry shape', async (t) => {
    const { server, api, head } = await seeded(t);
    const list = entries(await httpRequest(`${api}/tree/main?recursive=true&expand=false`));
    assert.deepEqual(
      list.map((e) => `${e.type}:${e.path}`),
      ['file:.gitattributes', 'file:README.md', 'file:a.json', 'directory:sub', 'directory:sub/dir', 'file:sub/dir/deep.txt', 'file:sub/dir/w.bin', 'file:sub/top.txt'],
    );
    const byPath = new Map(list.map((e) => [e.path, e]));
    assert.deepEqual(byPath.get('a.json'), { type: 'file', oid: gitOid(Buffer.from(files['a.json'])), size: 9, path: 'a.json' });
    const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(weights)}\nsize ${weights.length}\n`);
    assert.deepEqual(byPath.get('sub/dir/w.bin'), {
      type: 'file',
      oid: gitOid(pointer),
      size: weights.length,
      path: 'sub/dir/w.bin',
      lfs: { oid: sha256(weights), size: weights.length, pointerSize: pointer.length },
    });
    const folder = server.core.store.getEntry(head, 'sub/dir');
    assert.deepEqual(byPath.get('sub/dir'), { type: 'directory', oid: folder?.oid, size: 0, path: 'sub/dir' });
  });

  it('reads Python-style capitalised booleans like lowercase ones', async (t) => {
    const { api } = await seeded(t);
    const lower = await httpRequest(`${api}/tree/main?recursive=true&expand=false`);
    const upper = await httpRequest(`${api}/tree/main?recursive=True&expand=False`);
    assert.deepEqual(entries(upper), entries(lower));
    const flat = entries(await httpRequest(`${api}/tree/main?recursive=1`));
    assert.ok(flat.length > 0);
    const bad = await httpRequest(`${api}/tree/main?recursive=maybe`);
    assert.equal(bad.status, 400);
    assert.equal(bad.header('x-error-code'), 'BadRequest');
  });

  it('lists only direct children without recursive', async (t) => {
    const { api } = await seeded(t);
    const list = entries(await httpRequest(`${api}/tree/main/sub`));
    assert.deepEqual(list.map((e) => e.path), ['sub/dir', 'sub/top.txt']);
  });

  it('answers the Python %2F form and the JS raw form of a sub-path the same way', async (t) => {
    const { api } = await seeded(t);
    const python = entries(await httpRequest(`${api}/tree/main/sub%2Fdir?recursive=False`));
    const js = entries(await httpRequest(`${api}/tree/main/sub/dir?recursive=false`));
    assert.deepEqual(python, js);
    assert.deepEqual(js.map((e) => e.path), ['sub/dir/deep.txt', 'sub/dir/w.bin']);
  });

  it('resolves branch names with a slash sent encoded (Python) or raw (JS), and full ref names', async (t) => {
    const { server, api, repo } = await seeded(t);
    const branchHead = server.core.store.createBranch(repo.id, 'feat/x');
    await commitFiles(server.core.store, repo.id, { 'sub/feature.txt': 'f' }, { branch: 'feat/x' });
    const expected = entries(await httpRequest(`${api}/tree/feat%2Fx/sub`)).map((e) => e.path);
    assert.ok(expected.includes('sub/feature.txt'));
    for (const url of [`${api}/tree/feat/x/sub`, `${api}/tree/refs%2Fheads%2Ffeat%2Fx/sub`, `${api}/tree/refs/heads/feat/x/sub`]) {
      assert.deepEqual(entries(await httpRequest(url)).map((e) => e.path), expected, url);
    }
    assert.notEqual(branchHead, server.core.store.resolveRevision(repo.id, 'feat/x'));
  });

  it('answers 404 EntryNotFound for a missing folder and RevisionNotFound for a missing revision', async (t) => {
    const { api } = await seeded(t);
    const missing = await httpRequest(`${api}/tree/main/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.header('x-error-code'), 'EntryNotFound');
    const rev = await httpRequest(`${api}/tree/nope/sub`);
    assert.equal(rev.status, 404);
    assert.equal(rev.header('x-error-code'), 'RevisionNotFound');
  });

  it('refuses path traversal and malformed segments with 400, never 500', async (t) => {
    const { server } = await seeded(t);
    for (const suffix of ['/tree/main/..%2F..%2Fetc', '/tree/main/sub/../..', '/tree/main/./sub', '/tree/main/%2e%2e', '/tree/main/a%00b', '/tree/main/%zz']) {
      const res = await rawPathRequest(server.url, `/api/models/alice/m1${suffix}`);
      assert.equal(res.status, 400, `${suffix}: ${res.text}`);
      assert.ok(['InvalidPath', 'BadRequest'].includes(res.header('x-error-code')), suffix);
    }
    // A backslash is an ordinary character in a repo path, as on the Hub: no such folder here.
    const backslash = await rawPathRequest(server.url, '/api/models/alice/m1/tree/main/sub%5Cdir');
    assert.equal(backslash.status, 404);
    assert.equal(backslash.header('x-error-code'), 'EntryNotFound');
  });

  it('pages 1000 entries with an absolute Link naming the resolved commit, each entry exactly once', async (t) => {
    const server = await startServer(t);
    const many: Record<string, string> = {};
    for (let i = 0; i < 2300; i++) many[`d${i % 3}/f${String(i).padStart(4, '0')}.txt`] = `file ${i}`;
    const { head, repo } = await seedRepo(server.core.store, { files: many });
    const first = `${server.url}/api/models/alice/m1/tree/main?recursive=true`;
    const firstPage = await httpRequest(first);
    assert.equal(entries(firstPage).length, 1000);
    const link = firstPage.header('link');
    assert.match(link, new RegExp(`^<${server.url}/api/models/alice/m1/tree/${head}\\?[^>]*cursor=[^>]+>; rel="next"$`));

    // A commit between pages must not change what the remaining pages list.
    await commitFiles(server.core.store, repo.id, { 'd0/a-new-file.txt': 'new' });
    const rest = await allPages(/^<([^>]+)>/.exec(link)?.[1] ?? '');
    assert.equal(rest.links.length, 2);
    assert.equal(rest.links[1], '');
    const paths = [...entries(firstPage), ...rest.entries].map((e) => e.path);
    assert.equal(new Set(paths).size, paths.length, 'no entry twice');
    assert.equal(paths.length, 2300 + 3 + 1, 'files, folders and .gitattributes');
    assert.ok(!paths.includes('d0/a-new-file.txt'));
  });

  it('uses the Host the client used in the Link', async (t) => {
    const server = await startServer(t);
    const many: Record<string, string> = {};
    for (let i = 0; i < 1001; i++) many[`f${i}.txt`] = String(i);
    await seedRepo(server.core.store, { files: many });
    const port = new URL(server.url).port;
    const res = await httpRequest(`${server.url}/api/models/alice/m1/tree/main`, { headers: { host: `localhost:${port}` } });
    assert.match(res.header('link'), new RegExp(`^<http://localhost:${port}/api/models/alice/m1/tree/`));
  });

  it('pages 50 entries with expand, each with its lastCommit', async (t) => {
    const server = await startServer(t);
    const many: Record<string, string> = {};
    for (let i = 0; i < 120; i++) many[`f${String(i).padStart(3, '0')}.txt`] = String(i);
    const { repo } = await seedRepo(server.core.store, { files: many, title: 'Add many' });
    const last = await commitFiles(server.core.store, repo.id, { 'f007.txt': 'changed' }, { title: 'Change seven' });
    const { entries: listed, links } = await allPages(`${server.url}/api/models/alice/m1/tree/main?expand=true`);
    assert.equal(links.length, 3);
    assert.equal(listed.length, 121);
    for (const entry of listed) {
      assert.ok(entry.lastCommit, entry.path);
      assert.match(entry.lastCommit.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const seven = listed.find((e) => e.path === 'f007.txt');
    assert.deepEqual({ id: seven?.lastCommit?.id, title: seven?.lastCommit?.title }, { id: last, title: 'Change seven' });
    assert.equal(listed.find((e) => e.path === 'f008.txt')?.lastCommit?.title, 'Add many');
  });

  it('refuses a cursor it did not issue with 400', async (t) => {
    const { api } = await seeded(t);
    for (const cursor of ['!!!', Buffer.from('nope/never').toString('base64url'), Buffer.from('sub/dir/deep.txt').toString('base64url')]) {
      const res = await httpRequest(`${api}/tree/main?cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
    }
  });
});

describe('POST /api/{type}s/{id}/paths-info/{rev}', () => {
  it('accepts the Python form body and skips missing paths', async (t) => {
    const { api } = await seeded(t);
    const res = await httpRequest(`${api}/paths-info/main`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'paths=a.json&paths=missing&paths=sub&expand=false',
    });
    const list = entries(res);
    assert.deepEqual(list.map((e) => `${e.type}:${e.path}`), ['file:a.json', 'directory:sub']);
    assert.equal(list[0]?.lastCommit, undefined);
  });

  it('accepts a JSON body and adds lastCommit with expand', async (t) => {
    const { api, head } = await seeded(t);
    const res = await httpRequest(`${api}/paths-info/main`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paths: ['sub/dir/w.bin'], expand: true }),
    });
    const [entry] = entries(res);
    assert.equal(entry?.lfs?.size, weights.length);
    assert.equal(entry?.lastCommit?.id, head);
    assert.equal(entry?.lastCommit?.title, 'Add files');
    assert.match(entry?.lastCommit?.date ?? '', /Z$/);
  });

  it('takes a single form path, a capitalised boolean and a %2F revision', async (t) => {
    const { server, api, repo } = await seeded(t);
    server.core.store.createBranch(repo.id, 'feat/x');
    const res = await httpRequest(`${api}/paths-info/feat%2Fx`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'paths=sub%2Ftop.txt&expand=True',
    });
    const [entry] = entries(res);
    assert.equal(entry?.path, 'sub/top.txt');
    assert.ok(entry?.lastCommit);
  });

  it('answers 400 for a body without paths and for paths leaving the repo', async (t) => {
    const { api } = await seeded(t);
    for (const [type, body] of [
      ['application/json', '{}'],
      ['application/json', '{"paths": [1]}'],
      ['application/json', '{"paths": ["../x"]}'],
      ['application/x-www-form-urlencoded', 'expand=true'],
      ['application/x-www-form-urlencoded', 'paths=..%2F..%2Fetc%2Fpasswd'],
    ] as const) {
      const res = await httpRequest(`${api}/paths-info/main`, { method: 'POST', headers: { 'content-type': type }, body });
      assert.equal(res.status, 400, `${body}: ${res.text}`);
    }
  });
});
