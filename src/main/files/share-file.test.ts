import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { probeShareMethod, shareFile, SHARED_FILE_MODE } from './share-file.js';

/** /dev/shm is a tmpfs here: another device than the temp dir, so links across it fail with EXDEV. */
function otherDeviceDir(than: string): string {
  const dir = mkdtempSync('/dev/shm/hubkeeper-test-');
  after(() => rmSync(dir, { recursive: true, force: true }));
  assert.notEqual(statSync(dir).dev, statSync(than).dev, '/dev/shm must be another file system than the temp dir for this test');
  return dir;
}

describe('shareFile', () => {
  it('on one file system without reflinks (ext4) hard-links: one inode, two links, read-only for both sides', async () => {
    const dir = tempDir();
    const source = join(dir, 'cache-blob');
    writeFileSync(source, 'weights');
    const method = await shareFile(source, join(dir, 'store-blob'));
    assert.equal(method, 'hardlink');
    const [a, b] = [statSync(source), statSync(join(dir, 'store-blob'))];
    assert.equal(a.ino, b.ino);
    assert.equal(b.nlink, 2);
    assert.equal(b.mode & 0o777, SHARED_FILE_MODE);
  });

  it('copies across file systems (EXDEV): two inodes, the source untouched', async () => {
    const dir = tempDir();
    const source = join(dir, 'cache-blob');
    writeFileSync(source, 'weights');
    const target = join(otherDeviceDir(dir), 'store-blob');
    assert.equal(await shareFile(source, target), 'copy');
    assert.notEqual(statSync(target).ino, statSync(source).ino);
    assert.equal(statSync(source).nlink, 1);
    assert.equal(statSync(source).mode & 0o222, 0o200, 'a copy leaves the source writable by its owner');
    assert.equal(readFileSync(target, 'utf8'), 'weights');
  });

  it('never replaces an existing target', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'new');
    writeFileSync(join(dir, 'b'), 'old');
    await assert.rejects(shareFile(join(dir, 'a'), join(dir, 'b')), /EEXIST/);
    assert.equal(readFileSync(join(dir, 'b'), 'utf8'), 'old');
  });

  it('probes the method between two folders and leaves nothing behind', async () => {
    const dir = tempDir();
    const other = otherDeviceDir(dir);
    assert.equal(await probeShareMethod(dir, dir), 'hardlink');
    assert.equal(await probeShareMethod(dir, other), 'copy');
    assert.deepEqual([readdirSync(dir), readdirSync(other)], [[], []]);
  });
});
