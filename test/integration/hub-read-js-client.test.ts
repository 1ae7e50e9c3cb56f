import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  HubApiError,
  countCommits,
  downloadFile,
  downloadFileToCacheDir,
  fileDownloadInfo,
  fileExists,
  listCommits,
  listFiles,
  pathsInfo,
  snapshotDownload,
} from '@huggingface/hub';
import { commitFiles, patternBytes, seedRepo, seededServer } from '../helpers/read-fixtures.js';
import type { Cleanup } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const gitOid = (data: Uint8Array) => createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');

const weights = patternBytes(2 * 1024 * 1024 + 17);
const files = {
  'config.json': '{"model_type": "bert"}\n',
  'README.md': '---\nlicense: mit\n---\n# m1\n',
  'sub/dir/notes.txt': 'notes',
  'model.safetensors': weights,
  'empty.txt': '',
};

async function seeded(t: Cleanup) {
  const { server, repo, head } = await seededServer(t, { files, lfs: ['model.safetensors'] });
  const hub = { hubUrl: server.url, accessToken: server.token, repo: 'alice/m1' };
  return { server, repo, head, hub };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function rejectsWithStatus(status: number) {
  return (error: unknown) => error instanceof HubApiError && error.statusCode === status;
}

describe('@huggingface/hub against the read routes', () => {
  it('lists every file and folder with listFiles({ recursive: true })', async (t) => {
    const { hub } = await seeded(t);
    const entries = await collect(listFiles({ ...hub, recursive: true }));
    assert.deepEqual(entries.map((e) => `${e.type}:${e.path}`).sort(), [
      'directory:sub',
      'directory:sub/dir',
      'file:.gitattributes',
      'file:README.md',
      'file:config.json',
      'file:empty.txt',
      'file:model.safetensors',
      'file:sub/dir/notes.txt',
    ]);
    const lfs = entries.find((e) => e.path === 'model.safetensors');
    assert.equal(lfs?.size, weights.length);
    assert.equal(lfs?.lfs?.oid, sha256(weights));
    const sub = await collect(listFiles({ ...hub, path: 'sub/dir' }));
    assert.deepEqual(sub.map((e) => e.path), ['sub/dir/notes.txt']);
  });

  it('reads pathsInfo with expand, including lastCommit', async (t) => {
    const { server, repo, hub } = await seeded(t);
    const changed = await commitFiles(server.core.store, repo.id, { 'config.json': '{}' }, { title: 'Empty config' });
    const info = await pathsInfo({ ...hub, paths: ['config.json', 'model.safetensors', 'nope.txt'], expand: true });
    assert.deepEqual(info.map((i) => i.path), ['config.json', 'model.safetensors']);
    assert.equal(info[0]?.lastCommit.id, changed);
    assert.equal(info[0]?.lastCommit.title, 'Empty config');
    assert.ok(info[0]?.lastCommit.date instanceof Date && !Number.isNaN(info[0].lastCommit.date.getTime()));
    assert.equal(info[1]?.lfs?.size, weights.length);
  });

  it('downloads identical bytes with downloadFile, after its Range bytes=0-0 probe', async (t) => {
    const { hub } = await seeded(t);
    for (const [path, content] of Object.entries(files)) {
      const blob = await downloadFile({ ...hub, path });
      assert.ok(blob, path);
      assert.deepEqual(Buffer.from(await blob.arrayBuffer()), Buffer.from(content), path);
    }
    const raw = await downloadFile({ ...hub, path: 'model.safetensors', raw: true });
    assert.match((await raw?.text()) ?? '', /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:/);
    assert.equal(await downloadFile({ ...hub, path: 'missing.bin' }), null);
  });

  it('reads size and etag with fileDownloadInfo', async (t) => {
    const { hub } = await seeded(t);
    const lfs = await fileDownloadInfo({ ...hub, path: 'model.safetensors' });
    assert.equal(lfs?.size, weights.length);
    assert.equal(lfs?.etag, `"${sha256(weights)}"`);
    assert.equal(lfs?.xet, undefined);
    const regular = await fileDownloadInfo({ ...hub, path: 'config.json' });
    assert.equal(regular?.etag, `"${gitOid(Buffer.from(files['config.json']))}"`);
    assert.equal(await fileDownloadInfo({ ...hub, path: 'missing.json' }), null);
  });

  it('answers fileExists through HEAD on raw', async (t) => {
    const { hub } = await seeded(t);
    assert.equal(await fileExists({ ...hub, path: 'sub/dir/notes.txt' }), true);
    assert.equal(await fileExists({ ...hub, path: 'sub/dir/missing.txt' }), false);
  });

  it('lists and counts commits across pages', async (t) => {
    const { server, repo, hub } = await seeded(t);
    for (let i = 0; i < 5; i++) await commitFiles(server.core.store, repo.id, { 'n.txt': String(i) }, { title: `Step ${i}` });
    const commits = await collect(listCommits({ ...hub, batchSize: 2 }));
    assert.equal(commits.length, 7);
    assert.equal(commits[0]?.title, 'Step 4');
    assert.equal(commits[6]?.title, 'initial commit');
    assert.equal(commits[0]?.authors[0]?.username, 'alice');
    assert.equal(await countCommits(hub), 7);
  });

  it('fills a cache dir the way the JS client lays it out with downloadFileToCacheDir', async (t) => {
    const { server, repo, hub } = await seeded(t);
    const cacheDir = tempDir();
    const last = await commitFiles(server.core.store, repo.id, { 'other.txt': 'x' });
    const pointer = await downloadFileToCacheDir({ ...hub, path: 'model.safetensors', cacheDir });
    // On a branch, JS names the snapshot after the file's last commit, not the head.
    assert.ok(!pointer.includes(last));
    assert.equal(await readlink(pointer), join('..', '..', 'blobs', sha256(weights)));
    assert.deepEqual(await readFile(pointer), weights);
  });

  it('downloads a snapshot into a temp cache dir', async (t) => {
    const { head, hub } = await seeded(t);
    const cacheDir = tempDir();
    const folder = await snapshotDownload({ ...hub, cacheDir });
    assert.equal(folder, join(cacheDir, 'models--alice--m1', 'snapshots', head));
    for (const [path, content] of Object.entries(files)) {
      assert.deepEqual(await readFile(join(folder, path)), Buffer.from(content), path);
    }
    assert.equal(await readFile(join(cacheDir, 'models--alice--m1', 'refs', 'main'), 'utf8'), head);
  });

  it('reports the error paths: missing repo, missing revision, private repo as anonymous', async (t) => {
    const { server, hub } = await seeded(t);
    await assert.rejects(collect(listFiles({ hubUrl: server.url, repo: 'alice/nope' })), rejectsWithStatus(401));
    await assert.rejects(collect(listFiles({ ...hub, repo: 'alice/nope' })), rejectsWithStatus(404));
    await assert.rejects(collect(listFiles({ ...hub, revision: 'nope' })), rejectsWithStatus(404));
    await assert.rejects(downloadFile({ ...hub, path: 'config.json', revision: 'nope' }), rejectsWithStatus(404));
    await assert.rejects(countCommits({ ...hub, revision: 'nope' }), rejectsWithStatus(404));

    await seedRepo(server.core.store, { name: 'p1', private: true, files: { 'a.txt': 'secret' } });
    const anonymous = { hubUrl: server.url, repo: 'alice/p1' };
    await assert.rejects(downloadFile({ ...anonymous, path: 'a.txt' }), rejectsWithStatus(401));
    await assert.rejects(collect(listFiles(anonymous)), rejectsWithStatus(401));
    assert.equal(await fileExists({ ...anonymous, path: 'a.txt' }).catch((error: unknown) => error instanceof HubApiError), true);
    const owned = await downloadFile({ ...hub, repo: 'alice/p1', path: 'a.txt' });
    assert.equal(await owned?.text(), 'secret');
  });
});
