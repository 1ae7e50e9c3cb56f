import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { localDownloadPaths, localIncompletePath, readLocalDownloadMetadata, writeLocalDownloadMetadata } from './local-dir-metadata.js';

const commit = 'a'.repeat(40);
const etag = 'b'.repeat(64);

describe('local_dir download metadata', () => {
  it('uses the paths of huggingface_hub _local_folder.py', () => {
    const paths = localDownloadPaths('/data/model', 'sub/w.bin');
    assert.equal(paths.filePath, '/data/model/sub/w.bin');
    assert.equal(paths.metadataPath, '/data/model/.cache/huggingface/download/sub/w.bin.metadata');
    assert.equal(paths.lockPath, '/data/model/.cache/huggingface/download/sub/w.bin.lock');
    const digest = createHash('sha1').update('w.bin.metadata').digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
    assert.equal(localIncompletePath(paths, etag), `/data/model/.cache/huggingface/download/sub/${digest}.${etag}.incomplete`);
    assert.ok(digest.endsWith('='), 'urlsafe_b64encode keeps its padding');
    assert.throws(() => localDownloadPaths('/data/model', '../escape'), /Invalid path/);
  });

  it('writes three lines (commit, etag, float timestamp) and a .gitignore, and reads them back', async () => {
    const dir = tempDir();
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'w.bin'), 'bytes');
    await utimes(join(dir, 'sub', 'w.bin'), 1_700_000_000, 1_700_000_000);
    await writeLocalDownloadMetadata(dir, 'sub/w.bin', commit, etag, 1_700_000_000_250);
    const text = await readFile(join(dir, '.cache', 'huggingface', 'download', 'sub', 'w.bin.metadata'), 'utf8');
    assert.equal(text, `${commit}\n${etag}\n1700000000.25\n`);
    assert.equal(await readFile(join(dir, '.cache', 'huggingface', '.gitignore'), 'utf8'), '*');
    assert.deepEqual(await readLocalDownloadMetadata(dir, 'sub/w.bin'), { filename: 'sub/w.bin', commitHash: commit, etag, timestamp: 1_700_000_000.25 });
  });

  it('ignores metadata older than the file, or of a missing file, and deletes malformed metadata', async () => {
    const dir = tempDir();
    await writeFile(join(dir, 'f.txt'), 'x');
    await writeLocalDownloadMetadata(dir, 'f.txt', commit, etag, 1_000_000);
    assert.equal(await readLocalDownloadMetadata(dir, 'f.txt'), undefined, 'the file changed after the metadata');
    await writeLocalDownloadMetadata(dir, 'gone.txt', commit, etag);
    assert.equal(await readLocalDownloadMetadata(dir, 'gone.txt'), undefined);
    const broken = localDownloadPaths(dir, 'f.txt').metadataPath;
    await mkdir(dirname(broken), { recursive: true });
    await writeFile(broken, 'only one line\n');
    assert.equal(await readLocalDownloadMetadata(dir, 'f.txt'), undefined);
    assert.ok(!existsSync(broken));
    await writeLocalDownloadMetadata(dir, 'f.txt', commit, etag);
    assert.equal((await readLocalDownloadMetadata(dir, 'f.txt'))?.etag, etag);
  });
});
