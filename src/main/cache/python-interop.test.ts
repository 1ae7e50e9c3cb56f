import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { etagOf, fakeCommit, shareBlob, toBytes, writePythonCacheRevision, type FixtureFile } from '../../../test/helpers/python-cache.js';
import { pythonWithHfHub, runPythonJson } from '../../../test/helpers/python-hf.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { executeDeletion, planDeletion, selectTargets } from './cache-delete.js';
import { writeAtomic } from '../files/index.js';
import { CacheLayout } from './cache-layout.js';
import { scanCacheDir } from './cache-scan.js';
import { writeLocalDownloadMetadata, NO_EXIST, tryLoadFromCache } from '../download/index.js';

const python = pythonWithHfHub();

const files: FixtureFile[] = [
  { path: 'model.safetensors', content: 'w'.repeat(6000), lfs: true },
  { path: 'config.json', content: '{"a":1}' },
  { path: 'nested/dir/tokenizer.json', content: '{"t":2}' },
];
const c1 = fakeCommit('first');
const c2 = fakeCommit('second');

/** A cache written by our CacheLayout, the way our download engine writes it. */
async function ourCache(cache: string): Promise<void> {
  const layout = new CacheLayout(cache);
  await layout.ensureRoot();
  for (const [commit, ref, paths] of [[c1, 'refs/pr/1', files], [c2, 'main', files.slice(0, 2)]] as const) {
    for (const file of paths) {
      await writeAtomic(layout.blobPath('model', 'acme/m', etagOf(file)), toBytes(file.content));
      await layout.linkSnapshot('model', 'acme/m', commit, file.path, etagOf(file));
    }
    await layout.writeRef('model', 'acme/m', ref, commit);
  }
  await layout.markNoExist('model', 'acme/m', c2, 'optional.json');
}

const PY_SCAN = `
import json, sys
from huggingface_hub import scan_cache_dir
info = scan_cache_dir(sys.argv[1] if len(sys.argv) > 1 else None)
print(json.dumps({
  "size": info.size_on_disk,
  "warnings": [str(w) for w in info.warnings],
  "repos": sorted([{
    "id": r.repo_id, "type": r.repo_type, "size": r.size_on_disk, "nb_files": r.nb_files,
    "revisions": sorted([[v.commit_hash, sorted(v.refs), v.size_on_disk, v.nb_files, sorted(str(f.file_path) for f in v.files)] for v in r.revisions])
  } for r in info.repos], key=lambda r: r["id"]),
}))
`;

describe('interop with Python huggingface_hub', () => {
  const py = python;

  it('scan_cache_dir reads a cache we wrote with no warnings and the same numbers as ours', async () => {
    const cache = tempDir();
    await ourCache(cache);
    const theirs = runPythonJson(py, PY_SCAN.replace('sys.argv[1] if len(sys.argv) > 1 else None', JSON.stringify(cache)));
    const scan = await scanCacheDir(cache);
    const ours = {
      size: scan.sizeOnDisk,
      warnings: scan.warnings.map((w) => w.message),
      repos: scan.repos.map((r) => ({
        id: r.repoId,
        type: r.repoType,
        size: r.sizeOnDisk,
        nb_files: r.nbFiles,
        revisions: r.revisions
          .map((v) => [v.commitHash, [...v.refs].sort(), v.sizeOnDisk, v.nbFiles, v.files.map((f) => f.filePath).sort()])
          .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      })),
    };
    assert.deepEqual(ours, theirs);
    assert.deepEqual(ours.warnings, []);
  });

  it('agrees on a cache using the shared Xet store of Python 2', async () => {
    const cache = tempDir();
    const weights = files[0] as FixtureFile;
    const { repoPath: a } = await writePythonCacheRevision(cache, { repoId: 'acme/a', commit: c1, refs: ['main'], files });
    const { repoPath: b } = await writePythonCacheRevision(cache, { repoId: 'acme/b', commit: c2, refs: ['main'], files: [weights] });
    await shareBlob(cache, a, etagOf(weights), `cd${'1'.repeat(62)}`);
    await shareBlob(cache, b, etagOf(weights), `cd${'1'.repeat(62)}`);
    const theirs = runPythonJson(py, PY_SCAN.replace('sys.argv[1] if len(sys.argv) > 1 else None', JSON.stringify(cache))) as { size: number; warnings: string[]; repos: { size: number }[] };
    const ours = await scanCacheDir(cache);
    assert.deepEqual(theirs.warnings, []);
    assert.equal(ours.sizeOnDisk, theirs.size);
    assert.deepEqual(ours.repos.map((r) => r.sizeOnDisk), theirs.repos.map((r) => r.size));
  });

  it('try_to_load_from_cache and our tryLoadFromCache agree, .no_exist included', async () => {
    const cache = tempDir();
    await ourCache(cache);
    const questions: [string, string][] = [['config.json', 'main'], ['nested/dir/tokenizer.json', 'refs/pr/1'], ['optional.json', 'main'], ['config.json', c1], ['missing', 'main'], ['config.json', 'dev']];
    const theirs = runPythonJson(
      py,
      `import json
from huggingface_hub import try_to_load_from_cache
from huggingface_hub.file_download import _CACHED_NO_EXIST
out = []
for path, rev in ${JSON.stringify(questions)}:
    r = try_to_load_from_cache("acme/m", path, cache_dir=${JSON.stringify(cache)}, revision=rev)
    out.append("NO_EXIST" if r is _CACHED_NO_EXIST else r)
print(json.dumps(out))`,
    );
    const ours = [];
    for (const [path, revision] of questions) {
      const found = await tryLoadFromCache(cache, 'acme/m', path, { revision });
      ours.push(found === NO_EXIST ? 'NO_EXIST' : (found ?? null));
    }
    assert.deepEqual(ours, theirs);
  });

  it('scan_cache_dir stays clean after we delete a revision', async () => {
    const cache = tempDir();
    await ourCache(cache);
    const scan = await scanCacheDir(cache);
    const plan = await planDeletion(scan, selectTargets(scan, ['acme/m@refs/pr/1']));
    await executeDeletion(plan);
    const theirs = runPythonJson(py, PY_SCAN.replace('sys.argv[1] if len(sys.argv) > 1 else None', JSON.stringify(cache))) as { warnings: string[]; size: number };
    assert.deepEqual(theirs.warnings, []);
    assert.equal(theirs.size, (await scanCacheDir(cache)).sizeOnDisk);
  });

  it('read_download_metadata reads the local_dir metadata we write', async () => {
    const dir = tempDir();
    await writeFile(join(dir, 'config.json'), '{}');
    await writeLocalDownloadMetadata(dir, 'config.json', c1, etagOf(files[1] as FixtureFile));
    const theirs = runPythonJson(
      py,
      `import json
from pathlib import Path
from huggingface_hub._local_folder import read_download_metadata
m = read_download_metadata(Path(${JSON.stringify(dir)}), "config.json")
print(json.dumps(None if m is None else [m.commit_hash, m.etag]))`,
    );
    assert.deepEqual(theirs, [c1, etagOf(files[1] as FixtureFile)]);
  });
});
