import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { lstat, readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { hasXz, writeTar, writeZip, xzBytes, type ArchiveEntry } from '../../../test/helpers/make-archives.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { archiveKind, defaultExtractPath } from './archive-kind.js';
import { extractArchive } from './extract-archive.js';

const good: ArchiveEntry[] = [
  { name: 'data/', directory: true },
  { name: 'data/train.csv', content: 'a,b\n1,2\n' },
  { name: 'data/nested/readme.txt', content: 'hello' },
  { name: 'latest.csv', symlink: 'data/train.csv' },
];

async function expectGood(destination: string): Promise<void> {
  assert.equal(await readFile(join(destination, 'data', 'train.csv'), 'utf8'), 'a,b\n1,2\n');
  assert.equal(await readFile(join(destination, 'data', 'nested', 'readme.txt'), 'utf8'), 'hello');
  assert.equal(await readlink(join(destination, 'latest.csv')), 'data/train.csv');
}

describe('archiveKind / defaultExtractPath', () => {
  it('names archives by suffix and puts them beside the archive', () => {
    assert.deepEqual(['a.zip', 'a.tar', 'a.tar.gz', 'A.TGZ', 'a.tar.xz', 'a.txz', 'a.csv.gz', 'a.xz', 'a.bin', '.gz'].map(archiveKind), ['zip', 'tar', 'tar.gz', 'tar.gz', 'tar.xz', 'tar.xz', 'gz', 'xz', undefined, undefined]);
    assert.equal(defaultExtractPath('/d/data.tar.gz'), '/d/data');
    assert.equal(defaultExtractPath('/d/data.csv.gz'), '/d/data.csv');
  });
});

describe('extractArchive', () => {
  it('extracts zip, tar, tar.gz and tar.xz into a sibling folder, keeping safe symlinks', async (t) => {
    const dir = tempDir();
    const kinds: [string, (path: string) => Promise<void>][] = [
      ['a.zip', (p) => writeZip(p, good)],
      ['b.tar', (p) => writeTar(p, good)],
      ['c.tgz', (p) => writeTar(p, good, 'gzip')],
    ];
    if (hasXz()) kinds.push(['d.tar.xz', (p) => writeTar(p, good, 'xz')]);
    else t.diagnostic('xz not installed: tar.xz not tested');
    for (const [name, make] of kinds) {
      await make(join(dir, name));
      const result = await extractArchive(join(dir, name));
      assert.equal(result.destination, defaultExtractPath(join(dir, name)));
      assert.equal(result.files, 3);
      await expectGood(result.destination);
    }
  });

  it('decompresses single .gz and .xz files next to them', async () => {
    const dir = tempDir();
    await writeFile(join(dir, 'big.csv.gz'), gzipSync('x,y\n'.repeat(1000)));
    const result = await extractArchive(join(dir, 'big.csv.gz'));
    assert.equal(result.destination, join(dir, 'big.csv'));
    assert.equal(await readFile(join(dir, 'big.csv'), 'utf8'), 'x,y\n'.repeat(1000));
    if (hasXz()) {
      await writeFile(join(dir, 'w.bin.xz'), xzBytes(Buffer.from('weights')));
      await extractArchive(join(dir, 'w.bin.xz'));
      assert.equal(await readFile(join(dir, 'w.bin'), 'utf8'), 'weights');
    }
  });

  const attacks: [string, ArchiveEntry[]][] = [
    ['a ".." name', [{ name: 'ok.txt', content: 'x' }, { name: '../evil.txt', content: 'x' }]],
    ['an absolute name', [{ name: '/tmp/evil.txt', content: 'x' }]],
    ['a symlink to an absolute path', [{ name: 'link', symlink: '/etc' }]],
    ['a symlink leading out', [{ name: 'sub/link', symlink: '../../outside' }]],
    ['a chain of links leading out', [{ name: 'a', symlink: 'b/..' }, { name: 'b', symlink: '.' }, { name: 'c', symlink: 'a/..' }]],
  ];
  for (const [what, entries] of attacks) {
    it(`refuses ${what} in zip and tar, leaving nothing behind`, async () => {
      const dir = tempDir();
      await writeZip(join(dir, 'x.zip'), entries);
      await writeTar(join(dir, 'x.tar'), entries);
      for (const name of ['x.zip', 'x.tar']) {
        await assert.rejects(extractArchive(join(dir, name)), /Refusing archive|invalid relative path|absolute path/);
      }
      assert.deepEqual((await readdir(dir)).sort(), ['x.tar', 'x.zip']);
      assert.ok(!existsSync(join(dir, '..', 'evil.txt')));
    });
  }

  it('refuses a tar hard link to a path outside', async () => {
    const dir = tempDir();
    await writeTar(join(dir, 'h.tar'), [{ name: 'h', hardlink: '../../etc/passwd' }]);
    await assert.rejects(extractArchive(join(dir, 'h.tar')), /Refusing archive entry/);
  });

  it('refuses to overwrite unless asked, then replaces', async () => {
    const dir = tempDir();
    await writeZip(join(dir, 'a.zip'), good);
    await extractArchive(join(dir, 'a.zip'));
    await assert.rejects(extractArchive(join(dir, 'a.zip')), /already exists/);
    await writeZip(join(dir, 'a.zip'), [{ name: 'only.txt', content: '1' }]);
    const result = await extractArchive(join(dir, 'a.zip'), { overwrite: true });
    assert.deepEqual(await readdir(result.destination), ['only.txt']);
    assert.ok((await lstat(join(result.destination, 'only.txt'))).isFile());
  });
});
