import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { scanCacheDir as jsScanCacheDir } from '@huggingface/hub';
import { etagOf, fakeCommit, toBytes, writePythonCacheRevision, type FixtureFile } from '../../../test/helpers/python-cache.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { writeAtomic } from '../files/index.js';
import { CacheLayout } from './cache-layout.js';
import { scanCacheDir } from './cache-scan.js';

const files: FixtureFile[] = [
  { path: 'model.safetensors', content: 'w'.repeat(6000), lfs: true },
  { path: 'config.json', content: '{"a":1}' },
  { path: 'nested/tokenizer.json', content: '{"t":2}' },
];
const c1 = fakeCommit('first');
const c2 = fakeCommit('second');

describe('interop with @huggingface/hub cache functions', () => {
  it('scanCacheDir (JS) agrees with ours on repos, revisions, refs and sizes of a cache we wrote', async () => {
    const cache = tempDir();
    const layout = new CacheLayout(cache);
    for (const [type, repoId, commit, ref, paths] of [
      ['model', 'acme/m', c1, 'v1', files],
      ['model', 'acme/m', c2, 'main', files.slice(0, 2)],
      ['dataset', 'acme/d', c1, 'main', files.slice(1)],
    ] as const) {
      for (const file of paths) {
        await writeAtomic(layout.blobPath(type, repoId, etagOf(file)), toBytes(file.content));
        await layout.linkSnapshot(type, repoId, commit, file.path, etagOf(file));
      }
      await layout.writeRef(type, repoId, ref, commit);
    }

    const theirs = await jsScanCacheDir(cache);
    const ours = await scanCacheDir(cache);
    assert.deepEqual(theirs.warnings, []);
    // The JS scan reads only top-level files of each snapshot (and of refs/): compare on those.
    const topLevel = (name: string): boolean => !name.includes('/');
    const expected = ours.repos.map((repo) => {
      const blobs = new Map(repo.revisions.flatMap((r) => r.files.filter((f) => topLevel(f.name)).map((f) => [f.blobPath, f.size] as const)));
      return {
        id: `${repo.repoType}:${repo.repoId}`,
        size: [...blobs.values()].reduce((a, b) => a + b, 0),
        filesCount: blobs.size,
        revisions: repo.revisions
          .map((r) => ({ commit: r.commitHash, refs: r.refs.filter(topLevel), files: r.files.filter((f) => topLevel(f.name)).map((f) => basename(f.filePath)).sort() }))
          .sort((a, b) => a.commit.localeCompare(b.commit)),
      };
    });
    const actual = theirs.repos
      .map((repo) => ({
        id: `${repo.id.type}:${repo.id.name}`,
        size: repo.size,
        filesCount: repo.filesCount,
        revisions: repo.revisions
          .map((r) => ({ commit: r.commitOid, refs: r.refs, files: r.files.map((f) => basename(f.path)).sort() }))
          .sort((a, b) => a.commit.localeCompare(b.commit)),
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(actual, expected);
    // With no nested files the whole-repo numbers are the same too.
    const dataset = ours.repos.find((r) => r.repoType === 'dataset');
    assert.notEqual(dataset?.sizeOnDisk, actual.find((r) => r.id === 'dataset:acme/d')?.size, 'nested files count for us, not for JS');
  });

  it('we read a cache laid out by the JS client: snapshot named by the file\'s last commit, no refs', async () => {
    const cache = tempDir();
    const lastCommitOfFile = fakeCommit('last commit touching config.json');
    await writePythonCacheRevision(cache, { repoId: 'acme/js', commit: lastCommitOfFile, files: [files[1] as FixtureFile] });
    const ours = await scanCacheDir(cache);
    assert.deepEqual(ours.warnings, []);
    assert.deepEqual(ours.repos[0]?.revisions.map((r) => [r.commitHash, r.refs, r.nbFiles]), [[lastCommitOfFile, [], 1]]);
    // The JS scan itself needs a refs/ folder, which its own downloads do not create.
    const theirs = await jsScanCacheDir(cache);
    assert.equal(theirs.repos.length, 0);
    assert.equal(theirs.warnings.length, 1);
  });
});
