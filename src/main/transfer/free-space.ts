import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';

/** Room left for the file system's own metadata and other writers. */
const HEADROOM = 1024 * 1024;

/** Bytes an unprivileged process may still write in `dir`'s file system. */
export async function freeSpace(dir: string): Promise<number> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      const info = await statfs(current);
      return info.bavail * info.bsize;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(current) === current) throw error;
    }
  }
}

/** Refuses to start a download that cannot fit, before any byte is fetched. */
export async function assertFreeSpace(dir: string, needed: number, what: string): Promise<void> {
  if (needed <= 0) return;
  const available = await freeSpace(dir);
  if (available < needed + HEADROOM) {
    throw new AppError(
      'InsufficientStorage',
      `Not enough disk space for ${what}: ${formatBytes(needed)} needed, ${formatBytes(available)} free in ${dir}`,
      { needed: String(needed), available: String(available) },
    );
  }
}
