import assert from 'node:assert/strict';
import { mkdirSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FolderImportResult } from '../../src/shared/model-folders.js';
import { runCliFromSource, type CliResult } from '../helpers/cli-process.js';
import { randomContent, sha256Hex } from '../helpers/download-fixtures.js';
import { runHfApiSnippet } from '../helpers/python-hf.js';
import { startServer, type TestServer } from '../helpers/start-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const MiB = 1024 * 1024;
/** Above the 10 MB LFS threshold: an LFS file, shared with the blob store. */
const WEIGHTS = randomContent(11 * MiB);
/** Above the store's inline limit (256 KiB), below the LFS threshold: a regular file kept as a blob-store file, shared too. */
const VOCAB = Buffer.from(randomContent(200 * 1024).toString('hex'));

function modelFolder(): string {
  const folder = join(tempDir(), 'bert-local');
  mkdirSync(join(folder, '.git'), { recursive: true });
  mkdirSync(join(folder, '.cache', 'huggingface'), { recursive: true });
  writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(folder, '.cache', 'huggingface', 'model.safetensors.metadata'), 'x');
  writeFileSync(join(folder, 'model.safetensors'), WEIGHTS);
  writeFileSync(join(folder, 'vocab.txt'), VOCAB);
  writeFileSync(join(folder, 'config.json'), '{"model_type":"bert"}');
  writeFileSync(join(folder, 'part.bin.incomplete'), 'half');
  return folder;
}

async function importCli(server: TestServer, args: readonly string[]): Promise<FolderImportResult> {
  const run = await runCliFromSource(['import', ...args, '--json', '--data', server.dataDir]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as FolderImportResult;
}

/** Each path's size, and its newest commit, as Python's huggingface_hub sees the repo. */
async function pathsInfo(server: TestServer, paths: readonly string[]): Promise<Record<string, { commit: string; size: number }>> {
  const out = await runHfApiSnippet(server, `
for info in api.get_paths_info('alice/bert', ${JSON.stringify(paths)}, expand=True):
    out[info.path] = {'commit': info.last_commit.oid, 'size': info.size}
`);
  return out as Record<string, { commit: string; size: number }>;
}

describe('hubkeeper import', () => {
  it('imports a folder as one commit whose large files share the folder inodes, and Python downloads the same bytes', async (t) => {
    const server = await startServer(t);
    const folder = modelFolder();
    const result = await importCli(server, [folder, '--as', 'alice/bert', '--message', 'First import']);
    assert.equal(result.created, true);
    assert.deepEqual(result.diff.added.map((file) => file.path), ['config.json', 'model.safetensors', 'vocab.txt']);
    assert.equal(result.diff.addedBytes, WEIGHTS.length + VOCAB.length + 21);

    const weights = statSync(join(folder, 'model.safetensors'));
    const stored = statSync(server.core.store.blobs.pathOf(sha256Hex(WEIGHTS)));
    assert.equal(stored.ino, weights.ino, 'the store holds the folder file itself, not a copy');
    assert.equal(weights.nlink, 2);
    assert.equal(statSync(server.core.store.blobs.pathOf(sha256Hex(VOCAB))).ino, statSync(join(folder, 'vocab.txt')).ino);

    const out = await runHfApiSnippet(server, `
from huggingface_hub import snapshot_download
import hashlib
path = snapshot_download('alice/bert', cache_dir=os.environ['HF_HUB_CACHE'])
out['files'] = sorted(f for f in os.listdir(path))
out['weights'] = hashlib.sha256(open(os.path.join(path, 'model.safetensors'), 'rb').read()).hexdigest()
out['vocab'] = hashlib.sha256(open(os.path.join(path, 'vocab.txt'), 'rb').read()).hexdigest()
out['config'] = open(os.path.join(path, 'config.json')).read()
out['lfs'] = [f.path for f in api.list_repo_tree('alice/bert') if f.lfs is not None]
out['commits'] = [c.title for c in api.list_repo_commits('alice/bert')]
out['attributes'] = open(os.path.join(path, '.gitattributes')).read()
`);
    assert.deepEqual(out.files, ['.gitattributes', 'config.json', 'model.safetensors', 'vocab.txt']);
    assert.equal(out.weights, sha256Hex(WEIGHTS));
    assert.equal(out.vocab, sha256Hex(VOCAB));
    assert.equal(out.config, '{"model_type":"bert"}');
    assert.deepEqual(out.lfs, ['model.safetensors']);
    assert.deepEqual(out.commits, ['First import', 'initial commit']);
    assert.match(String(out.attributes), /\*\.safetensors filter=lfs/);
  });

  it('shows a changed folder as a diff and commits only the changed and added files as a new revision', async (t) => {
    const server = await startServer(t);
    const folder = modelFolder();
    const first = await importCli(server, [folder, '--as', 'alice/bert']);
    const again = await importCli(server, [folder, '--as', 'alice/bert']);
    assert.equal(again.commit, null, 'an unchanged folder commits nothing');
    assert.equal(again.diff.unchanged, 3);

    writeFileSync(join(folder, 'config.json'), '{"model_type":"bert","hidden_size":768}');
    writeFileSync(join(folder, 'tokenizer.json'), '{"version":"1.0"}');
    const preview = await importCli(server, [folder, '--as', 'alice/bert', '--dry-run']);
    assert.deepEqual(preview.diff.added, [{ path: 'tokenizer.json', size: 17 }]);
    assert.deepEqual(preview.diff.modified, [{ path: 'config.json', size: 39 }]);
    assert.deepEqual(preview.diff.removed, []);
    assert.equal(preview.diff.unchanged, 2);
    assert.equal(preview.commit, null);
    assert.equal(preview.parent, first.commit);

    const text = await runCliFromSource(['import', folder, '--as', 'alice/bert', '--data', server.dataDir]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Updated model alice\/bert @ [0-9a-f]{40} from /);
    assert.match(text.stdout, /\+ tokenizer\.json \(17 B\)/);
    assert.match(text.stdout, /~ config\.json \(39 B\)/);
    assert.doesNotMatch(text.stdout, /model\.safetensors/);

    const info = await pathsInfo(server, ['config.json', 'tokenizer.json', 'model.safetensors', 'vocab.txt']);
    const second = info['config.json']?.commit;
    assert.notEqual(second, first.commit);
    assert.equal(info['tokenizer.json']?.commit, second);
    assert.equal(info['model.safetensors']?.commit, first.commit, 'the weights were not committed again');
    assert.equal(info['vocab.txt']?.commit, first.commit);

  });

  it('removes from the repo what the folder no longer has, keeping the repo\'s .gitattributes', async (t) => {
    const server = await startServer(t);
    const folder = modelFolder();
    await importCli(server, [folder, '--as', 'alice/bert']);
    unlinkSync(join(folder, 'vocab.txt'));
    const result = await importCli(server, [folder, '--as', 'alice/bert']);
    assert.deepEqual(result.diff.removed, [{ path: 'vocab.txt', size: VOCAB.length }]);
    assert.notEqual(result.commit, null);
    const info = await pathsInfo(server, ['vocab.txt', '.gitattributes', 'model.safetensors']);
    assert.deepEqual(Object.keys(info).sort(), ['.gitattributes', 'model.safetensors']);
  });
});

describe('hubkeeper import errors', () => {
  async function failing(server: TestServer, args: readonly string[]): Promise<CliResult> {
    const run = await runCliFromSource(['import', ...args, '--data', server.dataDir]);
    assert.equal(run.code, 1, `expected exit 1: ${run.stdout}${run.stderr}`);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    return run;
  }

  it('refuses a missing folder, a file, a bad repo id and a link out of the folder, writing nothing', async (t) => {
    const server = await startServer(t);
    const dir = tempDir();
    assert.match((await failing(server, [join(dir, 'missing'), '--as', 'alice/x'])).stderr, /^hubkeeper: No folder at .*missing$/m);
    writeFileSync(join(dir, 'file.txt'), 'x');
    assert.match((await failing(server, [join(dir, 'file.txt'), '--as', 'alice/x'])).stderr, /is not a folder/);
    const folder = modelFolder();
    assert.match((await failing(server, [folder, '--as', 'not-a-repo-id'])).stderr, /Invalid repo id "not-a-repo-id"/);
    assert.match((await failing(server, [folder, '--as', 'alice/bad..name'])).stderr, /Invalid repo name/);
    writeFileSync(join(dir, 'secret.txt'), 'private');
    symlinkSync(join(dir, 'secret.txt'), join(folder, 'leak.txt'));
    assert.match((await failing(server, [folder, '--as', 'alice/x'])).stderr, /leak\.txt links to .*secret\.txt, outside .*: refused/);
    const run = await runCliFromSource(['import', folder, '--as', 'alice/x', '--repo-type', 'bucket', '--data', server.dataDir]);
    assert.equal(run.code, 1);
    assert.deepEqual(server.core.store.listRepos(), [], 'no repo was created');
  });
});
