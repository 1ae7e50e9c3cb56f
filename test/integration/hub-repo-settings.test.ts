import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deleteFile, listFiles, pathsInfo, uploadFiles, type RepoDesignation } from '@huggingface/hub';
import { DEFAULT_LFS_THRESHOLD, GitAttributes, MAX_LFS_SUFFIX_RULES, MAX_REPO_LFS_THRESHOLD, type RepoRecord } from '../../src/main/store/index.js';
import { createTestRepo, headOf, readOnlyToken, sha256 } from '../helpers/hub-write.js';
import { bearer, httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

interface Hub {
  readonly server: TestServer;
  readonly repo: RepoRecord;
  readonly designation: RepoDesignation;
  settings(method: 'GET' | 'PUT', body?: unknown, options?: { token?: string | undefined; path?: string }): Promise<HttpResponse>;
  upload(files: Record<string, string>): Promise<void>;
  /** The `lfs` field of paths-info for each path (undefined: a regular file). */
  lfsOf(paths: string[]): Promise<Map<string, { oid: string; size: number } | undefined>>;
}

async function startHub(t: { after(fn: () => unknown): void }): Promise<Hub> {
  const server = await startServer(t);
  const repo = createTestRepo(server);
  const designation: RepoDesignation = { type: 'model', name: repo.fullName };
  const credentials = { repo: designation, hubUrl: server.url, accessToken: server.token };
  return {
    server,
    repo,
    designation,
    settings: (method, body, options = {}) => {
      const token = 'token' in options ? options.token : server.token;
      return httpRequest(`${server.url}/api/models/${repo.fullName}/${options.path ?? 'settings'}`, {
        method,
        headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async upload(files) {
      await uploadFiles({
        ...credentials,
        files: Object.entries(files).map(([path, content]) => ({ path, content: new Blob([content]) })),
      });
    },
    async lfsOf(paths) {
      const infos = await pathsInfo({ ...credentials, paths });
      return new Map(infos.map((info) => [info.path, info.lfs ? { oid: info.lfs.oid, size: info.lfs.size } : undefined]));
    },
  };
}

function gitAttributesAtHead(hub: Hub): GitAttributes {
  return new GitAttributes(hub.server.core.store.readTextFile(headOf(hub.server, hub.repo), '.gitattributes') ?? '');
}

describe('per-repo LFS threshold and suffix rules', () => {
  it('stores small files with a suffix rule as LFS pointers and keeps .gitattributes covering them', async (t) => {
    const hub = await startHub(t);
    // The default .gitattributes already sends *.safetensors to LFS; without it only the rule can.
    await deleteFile({ repo: hub.designation, hubUrl: hub.server.url, accessToken: hub.server.token, path: '.gitattributes' });
    await hub.upload({ 'before.safetensors': '{"tiny": true}' });
    assert.deepEqual([...(await hub.lfsOf(['before.safetensors'])).values()], [undefined], 'no rule yet: a small text file is regular');

    const res = await hub.settings('PUT', { lfsSuffixRules: ['.safetensors', '.Custom', '.SAFETENSORS'] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((res.json() as { lfsSuffixRules: string[] }).lfsSuffixRules, ['.safetensors', '.Custom'], 'repeats are dropped');

    const small = '{"tiny": true, "n": 2}';
    await hub.upload({ 'model.safetensors': small, 'nested/w.custom': 'abc', 'notes.txt': 'plain' });
    const lfs = await hub.lfsOf(['model.safetensors', 'nested/w.custom', 'notes.txt']);
    assert.deepEqual(lfs.get('model.safetensors'), { oid: sha256(small), size: small.length });
    assert.deepEqual(lfs.get('nested/w.custom'), { oid: sha256('abc'), size: 3 }, 'suffixes match case-insensitively');
    assert.equal(lfs.get('notes.txt'), undefined);

    const tree = new Map<string, boolean>();
    for await (const entry of listFiles({ repo: hub.designation, hubUrl: hub.server.url, recursive: true })) tree.set(entry.path, entry.lfs !== undefined);
    assert.equal(tree.get('model.safetensors'), true);
    assert.equal(tree.get('nested/w.custom'), true);

    const attributes = gitAttributesAtHead(hub);
    assert.equal(attributes.isLfs('model.safetensors'), true, '.gitattributes covers the new LFS files, so git clones smudge them');
    assert.equal(attributes.isLfs('nested/w.custom'), true);
    assert.equal(attributes.isLfs('notes.txt'), false);
    assert.equal(attributes.isLfs('before.safetensors'), false, 'the earlier regular file is not claimed by .gitattributes');

    const cleared = await hub.settings('PUT', { lfs_suffix_rules: null });
    assert.deepEqual((cleared.json() as { lfsSuffixRules: string[] }).lfsSuffixRules, []);
    await hub.upload({ 'after.safetensors': '{"tiny": 3}' });
    assert.equal((await hub.lfsOf(['after.safetensors'])).get('after.safetensors'), undefined);
  });

  it('sends a 2 KiB file through LFS with a 1 KiB repo threshold, and null returns to the hub threshold', async (t) => {
    const hub = await startHub(t);
    let res = await hub.settings('PUT', { lfs_threshold_bytes: 1024 });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), {
      private: false, visibility: 'public', gated: false,
      lfsThreshold: 1024, lfsThresholdSource: 'repo', lfsKeepVersions: null, lfsSuffixRules: [], allowForcePush: false,
    });
    const twoKiB = 'x'.repeat(2048);
    await hub.upload({ 'data.txt': twoKiB, 'small.txt': 'y'.repeat(512) });
    const lfs = await hub.lfsOf(['data.txt', 'small.txt']);
    assert.deepEqual(lfs.get('data.txt'), { oid: sha256(twoKiB), size: 2048 });
    assert.equal(lfs.get('small.txt'), undefined);
    assert.equal(gitAttributesAtHead(hub).isLfs('data.txt'), true);

    res = await hub.settings('GET', undefined, { path: 'settings/lfs' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {
      lfs_threshold_bytes: 1024,
      lfs_keep_versions: null,
      lfs_suffix_rules: null,
      lfs_threshold_bytes_effective: 1024,
      lfs_threshold_bytes_source: 'repository',
      lfs_keep_versions_effective: null,
      lfs_keep_versions_source: 'server_default',
      lfs_suffix_rules_effective: [],
      lfs_suffix_rules_source: 'server_default',
      server_defaults: { lfs_threshold_bytes: DEFAULT_LFS_THRESHOLD, lfs_keep_versions: null, lfs_suffix_rules_default: [] },
    });

    res = await hub.settings('PUT', { lfsThreshold: 0 });
    assert.equal((res.json() as { lfsThreshold: number }).lfsThreshold, 0);
    await hub.upload({ 'one-byte.txt': 'z', 'empty.txt': '' });
    const zero = await hub.lfsOf(['one-byte.txt', 'empty.txt']);
    assert.deepEqual(zero.get('one-byte.txt'), { oid: sha256('z'), size: 1 }, 'threshold 0: every non-empty file');
    assert.equal(zero.get('empty.txt'), undefined, 'an empty file is never LFS');

    res = await hub.settings('PUT', { lfsThreshold: null });
    assert.deepEqual(
      { ...(res.json() as object) },
      { private: false, visibility: 'public', gated: false, lfsThreshold: DEFAULT_LFS_THRESHOLD, lfsThresholdSource: 'hub', lfsKeepVersions: null, lfsSuffixRules: [], allowForcePush: false },
    );
    await hub.upload({ 'data2.txt': twoKiB.replace(/x/g, 'w') });
    assert.equal((await hub.lfsOf(['data2.txt'])).get('data2.txt'), undefined);
  });

  it('answers bad settings with 400 and an error code, changing nothing', async (t) => {
    const hub = await startHub(t);
    const initial = await hub.settings('PUT', { lfsThreshold: 4096, lfsSuffixRules: ['.bin'], lfsKeepVersions: 2 });
    assert.equal(initial.status, 200, initial.text);
    const bodies: unknown[] = [
      '{',
      '[]',
      { lfsThreshold: -1 },
      { lfsThreshold: 1.5 },
      { lfsThreshold: '1024' },
      { lfsThreshold: MAX_REPO_LFS_THRESHOLD + 1 },
      { lfs_threshold_bytes: 1e300 },
      { lfsThreshold: 1024, lfs_threshold_bytes: 2048 },
      { lfsSuffixRules: '.bin' },
      { lfsSuffixRules: ['safetensors'] },
      { lfsSuffixRules: ['.'] },
      { lfsSuffixRules: ['.a/b'] },
      { lfsSuffixRules: ['.a b'] },
      { lfsSuffixRules: ['.a\u0000'] },
      { lfsSuffixRules: [5] },
      { lfsSuffixRules: [`.${'a'.repeat(64)}`] },
      { lfsSuffixRules: Array.from({ length: MAX_LFS_SUFFIX_RULES + 1 }, (_, i) => `.s${i}`) },
      { lfsKeepVersions: 0 },
      // One bad field refuses the whole request: visibility does not change either.
      { private: true, lfsThreshold: 10, lfsSuffixRules: ['bad'] },
      { visibility: 'private', lfs_suffix_rules: ['.ok'], lfsSuffixRules: ['.other'] },
    ];
    for (const body of bodies) {
      const res = await hub.settings('PUT', body);
      const label = typeof body === 'string' ? body : JSON.stringify(body).slice(0, 80);
      assert.equal(res.status, 400, label);
      assert.equal(res.header('x-error-code'), 'BadRequest', label);
      assert.match(res.header('content-type'), /^application\/json/, label);
      assert.ok(res.header('x-error-message').length > 0, label);
    }
    const after = await hub.settings('GET');
    assert.equal(after.status, 200);
    assert.deepEqual(after.json(), initial.json());

    const reader = readOnlyToken(hub.server);
    assert.equal((await hub.settings('PUT', { lfsThreshold: 1 }, { token: reader })).status, 403);
    assert.equal((await hub.settings('GET', undefined, { token: reader })).status, 403);
    assert.equal((await hub.settings('PUT', { lfsThreshold: 1 }, { token: undefined })).status, 401);
    assert.deepEqual((await hub.settings('GET')).json(), initial.json());
  });
});
