import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CleanupPreview, DeletePreview, DiskUsage, LibraryResponse, ReadmeResponse, RepoOverview, RepoTree } from '../../shared/app-api.js';
import { DownloadEngine } from '../download/index.js';
import { httpRequest, type HttpResponse } from '../../../test/helpers/http-request.js';
import { startServer, type Cleanup, type TestServer } from '../../../test/helpers/start-server.js';
import { ownerSession } from '../../../test/helpers/ui-session.js';

const author = { name: 'alice', email: 'alice@example.com' };
const MB = 1024 * 1024;

/** A remote with two revisions of acme/tiny, both in a fresh cache; the UI's core reads that cache. */
async function setUp(t: Cleanup): Promise<{ ui: TestServer; cookie: string; v1: string; v2: string; total: number }> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'hubkeeper-cache-'));
  t.after(() => rm(cacheDir, { recursive: true, force: true }));
  const remote = await startServer(t);
  const { store } = remote.core;
  const repo = store.createRepo({ type: 'model', namespace: 'acme', name: 'tiny', author });
  const op = (path: string, size: number, fill: number) => ({ type: 'add', path, content: { data: new Uint8Array(size).fill(fill) }, lfs: 'always' }) as const;
  await store.commit({ repoId: repo.id, branch: 'main', title: 'v1', author, operations: [op('a.bin', 2 * MB, 1), op('b.bin', MB, 2)] });
  const v1 = store.resolveRevision(repo.id, 'main');
  await store.commit({
    repoId: repo.id, branch: 'main', title: 'v2', author,
    operations: [op('a.bin', 3 * MB, 3), { type: 'add', path: 'README.md', content: { data: new TextEncoder().encode('# Tiny\n') } }],
  });
  const v2 = store.resolveRevision(repo.id, 'main');
  const attributes = store.getEntry(v2, '.gitattributes');
  const total = 6 * MB + (attributes?.type === 'file' ? attributes.size : 0) + '# Tiny\n'.length;
  const engine = new DownloadEngine({ cacheDir, endpoint: remote.url });
  await engine.snapshotDownload('acme/tiny', { revision: v1 });
  await engine.snapshotDownload('acme/tiny', {});
  await engine.close();
  const ui = await startServer(t, { overrides: { hubCache: cacheDir } });
  return { ui, cookie: await ownerSession(ui), v1, v2, total };
}

function get(server: TestServer, cookie: string, path: string): Promise<HttpResponse> {
  return httpRequest(`${server.url}/-/api/v1${path}`, { headers: { cookie } });
}

function post(server: TestServer, cookie: string, path: string, body: unknown): Promise<HttpResponse> {
  return httpRequest(`${server.url}/-/api/v1${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('app API over the HF cache', () => {
  it('lists cached repos and shows snapshots, files with etags, the card and a diff', async (t) => {
    const { ui, cookie, v1, v2, total } = await setUp(t);
    const library = (await get(ui, cookie, '/library')).json() as LibraryResponse;
    assert.deepEqual(library.cache, { available: true, path: ui.core.config.hf.hubCache, problem: null });
    const cached = library.repos.find((repo) => repo.source === 'cache');
    assert.equal(cached?.id, 'acme/tiny');
    assert.equal(cached?.revisions, 2);
    assert.equal(cached?.sizeOnDisk, total);

    const base = '/repos/cache/model/acme%2Ftiny';
    const overview = (await get(ui, cookie, base)).json() as RepoOverview;
    assert.equal(overview.defaultRevision, v2);
    assert.deepEqual(overview.revisions.map((revision) => revision.commit).sort(), [v1, v2].sort());

    const tree = (await get(ui, cookie, `${base}/tree?revision=main`)).json() as RepoTree;
    assert.equal(tree.commit, v2);
    const a = tree.files.find((file) => file.path === 'a.bin');
    assert.equal(a?.size, 3 * MB);
    assert.equal(a?.lfs, true);
    assert.match(a?.sha256 ?? '', /^[0-9a-f]{64}$/);

    const readme = (await get(ui, cookie, `${base}/readme?revision=${v2}`)).json() as ReadmeResponse;
    assert.equal(readme.text, '# Tiny\n');
    const noReadme = await get(ui, cookie, `${base}/readme?revision=${v1}`);
    assert.equal(noReadme.header('x-error-code'), 'EntryNotFound');

    const diff = (await get(ui, cookie, `${base}/diff?from=${v1}&to=${v2}`)).json() as { changes: Array<{ path: string; change: string }> };
    assert.deepEqual(diff.changes.map((change) => `${change.change} ${change.path}`), ['added README.md', 'modified a.bin']);
  });

  it('previews and deletes a cached revision, freeing what only it used', async (t) => {
    const { ui, cookie, v1 } = await setUp(t);
    const base = '/repos/cache/model/acme%2Ftiny';
    // The blob only v1 uses, and v1's tree listing (trees/<commit>.json, as Python writes it).
    const listing = statSync(join(ui.core.config.hf.hubCache, 'models--acme--tiny', 'trees', `${v1}.json`)).size;
    const preview = (await post(ui, cookie, `${base}/delete-preview`, { revision: v1 })).json() as DeletePreview;
    assert.deepEqual(preview, { freedBytes: 2 * MB + listing, files: 1, deferred: false });
    const deleted = await post(ui, cookie, `${base}/delete-revision`, { revision: v1 });
    assert.deepEqual(deleted.json(), { freedBytes: 2 * MB + listing, deferred: false });
    const overview = (await get(ui, cookie, base)).json() as RepoOverview;
    assert.equal(overview.revisions.length, 1);
  });

  it('reports disk usage and cleans up snapshots after a preview', async (t) => {
    const { ui, cookie, v1, v2, total } = await setUp(t);
    const usage = (await get(ui, cookie, '/disk')).json() as DiskUsage;
    assert.equal(usage.repos.length, 1);
    assert.equal(usage.totalBytes, total);
    const keys = [`model:acme/tiny@${v1}`, `model:acme/tiny@${v2}`];
    const preview = (await post(ui, cookie, '/disk/cleanup-preview', { revisions: keys })).json() as CleanupPreview;
    assert.equal(preview.revisions, 2);
    assert.ok(preview.freedBytes >= total, "the whole repo goes, refs and all");
    const bad = await post(ui, cookie, '/disk/cleanup', { revisions: ['model:acme/tiny@nothex'] });
    assert.equal(bad.status, 400);
    const done = (await post(ui, cookie, '/disk/cleanup', { revisions: keys })).json() as CleanupPreview;
    assert.ok(done.freedBytes >= preview.freedBytes);
    const after = (await get(ui, cookie, '/disk')).json() as DiskUsage;
    assert.deepEqual(after.repos, []);
  });
});
