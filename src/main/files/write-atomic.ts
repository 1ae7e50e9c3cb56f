import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Temp file + fsync + rename: readers see the old content or the new, never a part. */
export async function writeAtomic(
  path: string,
  content: string | Uint8Array,
  options: { readonly mode?: number; readonly dirMode?: number } = {},
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', options.mode ?? 0o666);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
