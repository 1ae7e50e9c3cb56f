import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { createRepo, uploadFiles } from '@huggingface/hub';
import { scanCacheDir } from '../../src/main/cache/index.js';
import { runCliFromSource as hubkeeper } from '../helpers/cli-process.js';
import { lastInFirstOut, tempFolder } from '../helpers/download-fixtures.js';
import { tarBytes, zipBytes } from '../helpers/make-archives.js';
import { startServer, type Cleanup } from '../helpers/start-server.js';

const repoFiles: Record<string, Buffer> = {
  'config.json': Buffer.from('{"a": 1}\n'),
  'data/train.tar.gz': gzipSync(
    tarBytes([
      { name: 'rows.csv', content: 'a,b\n1,2\n' },
      { name: 'nested/', directory: true },
      { name: 'nested/readme.txt', content: 'hello from tar' },
    ]),
  ),
  'images.zip': zipBytes([
    { name: 'img/', directory: true },
    { name: 'img/1.txt', content: 'one' },
  ]),
  'notes.txt': Buffer.from('plain notes\n'),
  'notes.txt.gz': gzipSync('compressed notes\n'),
  'evil.zip': zipBytes([
    { name: 'ok.txt', content: 'fine' },
    { name: '../evil.txt', content: 'escaped' },
  ]),
};

/** A real server with the archives uploaded through the HF API by @huggingface/hub. */
async function setup(t: Cleanup) {
  const server = await startServer(t);
  const hub = { hubUrl: server.url, accessToken: server.token };
  await createRepo({ ...hub, repo: 'alice/arch' });
  const upload = await uploadFiles({ ...hub, repo: 'alice/arch', files: Object.entries(repoFiles).map(([path, content]) => ({ path, content: new Blob([content]) })) });
  const commit = upload?.commit.oid ?? '';
  const home = await tempFolder(t, 'hubkeeper-hf-home-');
  const env = { HF_HOME: home, HF_ENDPOINT: server.url, HUBKEEPER_HOME: await tempFolder(t, 'hubkeeper-data-') };
  return { home, cache: join(home, 'hub'), commit, env };
}

/** Every file name anywhere below a folder. */
async function allNames(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

interface ExtractJson {
  readonly path: string;
  readonly extracted: { file: string; kind: string; path: string; files?: number; reused: boolean }[];
  readonly extractFailed: { file: string; error: string }[];
}

describe('hubkeeper download --extract', () => {
  it('extracts the archives of a cached snapshot under <repo folder>/extracted/<commit>, refusing a traversal entry', async (context) => {
    const t = lastInFirstOut(context);
    const { home, cache, commit, env } = await setup(t);
    const run = await hubkeeper(['download', 'alice/arch', '--extract', '--json'], env);
    assert.equal(run.code, 1, 'a refused archive fails the command');
    assert.match(run.stderr, /^hubkeeper: could not extract evil\.zip: Refusing archive entry "\.\.\/evil\.txt": a "\.\." segment$/m);
    const result = JSON.parse(run.stdout) as ExtractJson;
    const repoDir = join(cache, 'models--alice--arch');
    const extracted = join(repoDir, 'extracted', commit);
    assert.equal(result.path, join(repoDir, 'snapshots', commit));
    assert.deepEqual(
      result.extracted.map((e) => [e.file, e.kind, e.path, e.files, e.reused]).sort(),
      [
        ['data/train.tar.gz', 'tar.gz', join(extracted, 'data', 'train'), 2, false],
        ['images.zip', 'zip', join(extracted, 'images'), 1, false],
        ['notes.txt.gz', 'gz', join(extracted, 'notes.txt'), 1, false],
      ],
    );
    assert.deepEqual(result.extractFailed.map((f) => f.file), ['evil.zip']);
    assert.equal(await readFile(join(extracted, 'data', 'train', 'rows.csv'), 'utf8'), 'a,b\n1,2\n');
    assert.equal(await readFile(join(extracted, 'data', 'train', 'nested', 'readme.txt'), 'utf8'), 'hello from tar');
    assert.equal(await readFile(join(extracted, 'images', 'img', '1.txt'), 'utf8'), 'one');
    assert.equal(await readFile(join(extracted, 'notes.txt'), 'utf8'), 'compressed notes\n');

    // The snapshot holds the repo's files only, nothing of evil.zip was written anywhere, and the cache scans clean.
    assert.deepEqual((await allNames(result.path)).sort(), ['.gitattributes', 'config.json', 'data', 'data/train.tar.gz', 'evil.zip', 'images.zip', 'notes.txt', 'notes.txt.gz']);
    assert.deepEqual((await readdir(extracted)).sort(), ['data', 'images', 'notes.txt']);
    const everything = await allNames(home);
    assert.deepEqual(everything.filter((name) => /evil\.txt|ok\.txt|\.extracting-/.test(name)), []);
    assert.ok(!existsSync(join(extracted, '..', 'evil.txt')) && !existsSync(join(home, '..', 'evil.txt')));
    const scan = await scanCacheDir(cache);
    assert.deepEqual(scan.warnings, []);
    assert.equal(scan.repos[0]?.revisions[0]?.nbFiles, 7);

    // Plain output: the snapshot, then each extraction; an up-to-date extraction is kept.
    const again = await hubkeeper(['download', 'alice/arch', 'data/train.tar.gz', '--extract'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `${join(result.path, 'data', 'train.tar.gz')}\n${join(extracted, 'data', 'train')}\n`);
    const json = JSON.parse((await hubkeeper(['download', 'alice/arch', 'images.zip', '--extract', '--json'], env)).stdout) as ExtractJson;
    assert.deepEqual(json.extracted.map((e) => e.reused), [true]);
  });

  it('extracts beside the archive in --local-dir, never over a file of the repo', async (context) => {
    const t = lastInFirstOut(context);
    const { env } = await setup(t);
    const localDir = await tempFolder(t);
    const run = await hubkeeper(['download', 'alice/arch', 'data/train.tar.gz', '--local-dir', localDir, '--extract'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${join(localDir, 'data', 'train.tar.gz')}\n${join(localDir, 'data', 'train')}\n`);
    assert.equal(await readFile(join(localDir, 'data', 'train', 'rows.csv'), 'utf8'), 'a,b\n1,2\n');

    const snapshot = await hubkeeper(['download', 'alice/arch', '--include', 'notes*', 'evil.zip', '--local-dir', localDir, '--extract', '--json'], env);
    assert.equal(snapshot.code, 1);
    const result = JSON.parse(snapshot.stdout) as ExtractJson;
    assert.deepEqual(result.extracted, []);
    assert.deepEqual(result.extractFailed.map((f) => f.file).sort(), ['evil.zip', 'notes.txt.gz']);
    assert.match(snapshot.stderr, /could not extract notes\.txt\.gz: Not extracting notes\.txt\.gz: notes\.txt is part of the repo/);
    assert.match(snapshot.stderr, /could not extract evil\.zip: Refusing archive entry "\.\.\/evil\.txt"/);
    assert.equal(await readFile(join(localDir, 'notes.txt'), 'utf8'), 'plain notes\n', 'the repo file is untouched');
    assert.ok(!existsSync(join(localDir, 'evil')) && !existsSync(join(localDir, '..', 'evil.txt')) && !existsSync(join(localDir, 'evil.txt')));
  });

  it('says so when nothing downloaded is an archive', async (context) => {
    const t = lastInFirstOut(context);
    const { env } = await setup(t);
    const run = await hubkeeper(['download', 'alice/arch', 'config.json', '--extract'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /--extract: no zip, tar, tgz, tar\.gz, tar\.xz, gz or xz file among the downloaded files/);
  });
});
