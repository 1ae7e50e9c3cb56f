import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCliFromSource } from '../helpers/cli-process.js';
import { lastInFirstOut, randomContent, tempFolder } from '../helpers/download-fixtures.js';
import { seedRepo } from '../helpers/read-fixtures.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const hubkeeper = runCliFromSource;

const weights = randomContent(1024 * 1024 + 5);

async function setup(t: Cleanup) {
  const server = await startServer(t);
  const { head } = await seedRepo(server.core.store, {
    files: { 'config.json': '{"a": 1}\n', 'tokenizer.json': '{}', 'model.safetensors': weights, 'README.md': '# m1\n' },
    lfs: ['model.safetensors'],
  });
  const home = await tempFolder(t, 'hubkeeper-hf-home-');
  const cache = join(home, 'hub');
  const env = { HF_HOME: home, HF_ENDPOINT: server.url, HUBKEEPER_HOME: await tempFolder(t, 'hubkeeper-data-') };
  return { server, head, cache, env };
}

describe('hubkeeper download', () => {
  it('downloads one file into HF_HUB_CACHE under HF_HOME and prints its path', async (context) => {
    const t = lastInFirstOut(context);
    const { head, cache, env } = await setup(t);
    const run = await hubkeeper(['download', 'alice/m1', 'model.safetensors'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${join(cache, 'models--alice--m1', 'snapshots', head, 'model.safetensors')}\n`);
    assert.equal(run.stderr, '', 'no progress bar when stderr is not a terminal');
    assert.ok((await readFile(run.stdout.trim())).equals(weights));
  });

  it('downloads a snapshot with --include/--exclude and reports it as JSON', async (context) => {
    const t = lastInFirstOut(context);
    const { head, cache, env } = await setup(t);
    const run = await hubkeeper(['download', 'alice/m1', '--include', '*.json', '*.md', '--exclude', 'tokenizer*', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { path: string; commit: string; files: string[] };
    assert.equal(result.commit, head);
    assert.equal(result.path, join(cache, 'models--alice--m1', 'snapshots', head));
    assert.deepEqual([...result.files].sort(), ['README.md', 'config.json']);
    assert.deepEqual((await readdir(result.path)).sort(), ['README.md', 'config.json']);
  });

  it('puts files in --local-dir and honours --endpoint and --cache-dir over the environment', async (context) => {
    const t = lastInFirstOut(context);
    const { server, env } = await setup(t);
    const localDir = await tempFolder(t);
    const run = await hubkeeper(['download', 'alice/m1', 'config.json', '--local-dir', localDir, '--endpoint', server.url], { ...env, HF_ENDPOINT: 'http://127.0.0.1:9' });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), join(localDir, 'config.json'));
    const cacheDir = await tempFolder(t);
    const cached = await hubkeeper(['download', 'alice/m1', 'README.md', '--cache-dir', cacheDir], env);
    assert.equal(cached.code, 0, cached.stderr);
    assert.ok(cached.stdout.startsWith(join(cacheDir, 'models--alice--m1')));
  });

  it('explains failures in one line: a missing file, a missing repo, offline without a cached copy', async (context) => {
    const t = lastInFirstOut(context);
    const { env } = await setup(t);
    const missing = await hubkeeper(['download', 'alice/m1', 'nope.json'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^hubkeeper: .*(not found|does not exist|Entry)/i);
    const noRepo = await hubkeeper(['download', 'alice/none', 'config.json'], env);
    assert.equal(noRepo.code, 1);
    assert.match(noRepo.stderr, /^hubkeeper: Repository not found/);
    const offline = await hubkeeper(['download', 'alice/m1', 'config.json'], { ...env, HF_HUB_OFFLINE: '1' });
    assert.equal(offline.code, 1);
    assert.match(offline.stderr, /Offline mode is on/);
  });
  it('downloads one split of a dataset with --split, and a config named in its card with --config', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    const card = ['---', 'configs:', '- config_name: small', '  data_files:', '  - split: train', '    path: small/train.csv', '---', '# d1', ''].join('\n');
    await seedRepo(server.core.store, {
      type: 'dataset',
      name: 'd1',
      files: {
        'README.md': card,
        'data/train-00000-of-00002.parquet': 'a',
        'data/train-00001-of-00002.parquet': 'b',
        'data/test-00000-of-00001.parquet': 'c',
        'small/train.csv': 'x,y\n',
      },
    });
    const home = await tempFolder(t, 'hubkeeper-hf-home-');
    const env = { HF_HOME: home, HF_ENDPOINT: server.url, HUBKEEPER_HOME: await tempFolder(t, 'hubkeeper-data-') };
    const inCard = await hubkeeper(['download', 'alice/d1', '--repo-type', 'dataset', '--config', 'small', '--split', 'train', '--json'], env);
    assert.equal(inCard.code, 0, inCard.stderr);
    assert.deepEqual((JSON.parse(inCard.stdout) as { files: string[] }).files, ['small/train.csv']);
    const missing = await hubkeeper(['download', 'alice/d1', '--repo-type', 'dataset', '--config', 'small', '--split', 'validation'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Config "small" has no split "validation"; it has train/);
    const notDataset = await hubkeeper(['download', 'alice/d1', 'README.md', '--repo-type', 'dataset', '--split', 'train'], env);
    assert.equal(notDataset.code, 1);
    assert.match(notDataset.stderr, /--config and --split choose the files themselves/);
  });

  it('downloads the files of a split of a dataset laid out by file names (no configs in its card)', async (context) => {
    const t = lastInFirstOut(context);
    const server = await startServer(t);
    await seedRepo(server.core.store, {
      type: 'dataset',
      name: 'd2',
      files: { 'README.md': '# d2\n', 'data/train-00000-of-00002.parquet': 'a', 'data/train-00001-of-00002.parquet': 'b', 'data/test-00000-of-00001.parquet': 'c' },
    });
    const home = await tempFolder(t, 'hubkeeper-hf-home-');
    const env = { HF_HOME: home, HF_ENDPOINT: server.url, HUBKEEPER_HOME: await tempFolder(t, 'hubkeeper-data-') };
    const run = await hubkeeper(['download', 'alice/d2', '--repo-type', 'dataset', '--split', 'train', '--json'], env);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { path: string; files: string[] };
    assert.deepEqual(result.files, ['data/train-00000-of-00002.parquet', 'data/train-00001-of-00002.parquet']);
    assert.deepEqual(await readdir(join(result.path, 'data')), ['train-00000-of-00002.parquet', 'train-00001-of-00002.parquet']);
  });
});
