import { statSync } from 'node:fs';

// Existence probes are one stat each: done synchronously they cost ~15 µs, where the promise
// API costs a thread-pool round trip plus an Error object per missing file, which together
// dominated placing thousands of small snapshot files.

/** A regular file (symlinks followed: a link to a missing blob is not a file). */
export function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

export function fileSize(path: string): number | undefined {
  const info = statSync(path, { throwIfNoEntry: false });
  return info?.isFile() ? info.size : undefined;
}
