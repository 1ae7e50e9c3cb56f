import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { executeDeletion, planDeletion, scanCacheDir, selectTargets, verifyCache } from '../../src/main/cache/index.js';
import { tryLoadFromCache } from '../../src/main/download/index.js';
import { pythonWithHfHub, runPythonJsonAsync } from '../helpers/python-hf.js';
import { commitFiles, patternBytes, seedRepo } from '../helpers/read-fixtures.js';
import { startServer } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const python = pythonWithHfHub();

describe('a cache written by Python hf_hub_download / snapshot_download from a HubKeeper server', () => {
  it('scans like scan_cache_dir, verifies clean, and stays clean for Python after we delete a revision', async (t) => {
    const server = await startServer(t);
    const { repo, head: first } = await seedRepo(server.core.store, {
      files: { 'config.json': '{"v":1}', 'model.safetensors': patternBytes(200_000), 'sub/dir/notes.txt': 'notes' },
      lfs: ['model.safetensors'],
    });
    const cache = tempDir();
    const env = { HF_ENDPOINT: server.url, HF_TOKEN: server.token, HF_HUB_DISABLE_XET: '1', HF_HUB_CACHE: cache, HF_HUB_DISABLE_PROGRESS_BARS: '1' };
    const py = python;
    await runPythonJsonAsync(py, `from huggingface_hub import snapshot_download\nsnapshot_download("alice/m1", revision=${JSON.stringify(first)})\nprint("null")`, env);
    const second = await commitFiles(server.core.store, repo.id, { 'config.json': '{"v":2}' }, { title: 'bump' });
    await runPythonJsonAsync(py, 'from huggingface_hub import hf_hub_download\nhf_hub_download("alice/m1", "config.json")\nprint("null")', env);

    const scan = await scanCacheDir(cache);
    assert.deepEqual(scan.warnings, []);
    const revisions = new Map(scan.repos[0]?.revisions.map((r) => [r.commitHash, r]));
    assert.deepEqual(revisions.get(second)?.refs, ['main']);
    assert.equal(revisions.get(first)?.nbFiles, 4, 'with .gitattributes');
    assert.deepEqual((await verifyCache(scan)).corrupt, []);
    assert.match(String(await tryLoadFromCache(cache, 'alice/m1', 'config.json')), new RegExp(`${second}/config\\.json$`));

    const plan = await planDeletion(scan, selectTargets(scan, [`alice/m1@${first}`]));
    await executeDeletion(plan);
    const theirs = await runPythonJsonAsync(
      py,
      `import json\nfrom huggingface_hub import scan_cache_dir\ni = scan_cache_dir(${JSON.stringify(cache)})\nprint(json.dumps([[str(w) for w in i.warnings], i.size_on_disk, sorted(r.commit_hash for repo in i.repos for r in repo.revisions)]))`,
    );
    assert.deepEqual(theirs, [[], (await scanCacheDir(cache)).sizeOnDisk, [second]]);
  });
});
