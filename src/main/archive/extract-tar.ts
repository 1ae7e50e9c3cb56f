import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Stats } from 'node:fs';
import { extract, type ReadEntry } from 'tar';
import { checkSymlinkTarget, safeEntryPath } from './safe-entry-path.js';
import { xzDecompress } from './xz-stream.js';

const ALLOWED_TYPES: ReadonlySet<string> = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

/**
 * Unpacks a tar (plain or gzip, detected from the bytes; xz when told) into `root`. Every entry
 * is checked before it is written: no absolute or `..` names, no links leading out, no devices
 * or FIFOs, owners not kept. The first bad entry makes the whole extraction fail.
 */
export async function extractTar(file: string, root: string, xz: boolean, signal?: AbortSignal): Promise<void> {
  let refusal: Error | undefined;
  const filter = (path: string, entry: ReadEntry | Stats): boolean => {
    if (refusal) return false;
    try {
      if ('type' in entry) checkEntry(root, path, entry);
      return true;
    } catch (error) {
      refusal = error as Error;
      return false;
    }
  };
  const unpack = extract({ cwd: root, filter, strict: true, preserveOwner: false, preservePaths: false });
  const source = createReadStream(file, { highWaterMark: 1024 * 1024, signal });
  if (xz) {
    await pipeline(xzDecompress(source), unpack, signal ? { signal } : {});
  } else {
    await pipeline(source, unpack, signal ? { signal } : {});
  }
  if (refusal) throw refusal;
}

function checkEntry(root: string, path: string, entry: ReadEntry): void {
  const target = safeEntryPath(root, path);
  if (!ALLOWED_TYPES.has(entry.type)) throw new Error(`Refusing archive entry "${path}": a ${entry.type} entry`);
  if (entry.type === 'SymbolicLink') checkSymlinkTarget(root, target, entry.linkpath ?? '');
  if (entry.type === 'Link') safeEntryPath(root, entry.linkpath ?? '');
}
