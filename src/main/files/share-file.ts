import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, link, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShareMethod } from '../../shared/app-api.js';

/** How two places hold the same bytes: see ShareMethod (a wire type: the Disk screen shows it). */
export type { ShareMethod };

/** Hard-linked content is read-only for everyone: both sides only ever replace it by rename. */
export const SHARED_FILE_MODE = 0o444;

/**
 * Creates `target` (which must not exist) with the bytes of `source`, sharing them where the file
 * system allows: a reflink, else a hard link (the shared inode made read-only), else a copy
 * (EXDEV across file systems, or a file system without either). Returns the method used.
 */
export async function shareFile(source: string, target: string): Promise<ShareMethod> {
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
    return 'reflink';
  } catch {
    // No copy-on-write clones here (ext4, tmpfs) or another file system: try a hard link.
  }
  // Windows refuses to delete a read-only file (Python's cache cleanup would fail on it): copies there.
  if (process.platform === 'win32') {
    await copyFile(source, target, constants.COPYFILE_EXCL);
    return 'copy';
  }
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target, constants.COPYFILE_EXCL);
    return 'copy';
  }
  try {
    await chmod(target, SHARED_FILE_MODE);
    return 'hardlink';
  } catch {
    // Not ours to make read-only (another user's cache file), and a writable shared inode would let one side corrupt the other: a copy then.
    await unlink(target);
    await copyFile(source, target, constants.COPYFILE_EXCL);
    return 'copy';
  }
}

/** The method shareFile would use from a file in `fromDir` to a new file in `toDir` (a one-byte probe, removed again). */
export async function probeShareMethod(fromDir: string, toDir: string): Promise<ShareMethod> {
  const name = `.hubkeeper-share-probe-${randomBytes(6).toString('hex')}`;
  const source = join(fromDir, name);
  const target = join(toDir, `${name}-target`);
  try {
    await writeFile(source, 'x', { flag: 'wx' });
    return await shareFile(source, target);
  } catch {
    return 'copy';
  } finally {
    await Promise.all([unlink(source).catch(() => undefined), unlink(target).catch(() => undefined)]);
  }
}
