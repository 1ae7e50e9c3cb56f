import { closeSync, constants, mkdirSync, openSync, renameSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A verified file to put in place: written to `incompletePath`, renamed to `targetPath`, optionally linked. */
export interface PlaceJob {
  readonly data: Uint8Array;
  readonly incompletePath: string;
  readonly targetPath: string;
  /** A relative symlink to make at `path` once the file is in place (folders made as needed). */
  readonly link?: { readonly path: string; readonly target: string };
}

/** Why a job did not complete: its file was not written (`write`), or written but not linked (`link`). */
export interface PlaceFailure {
  readonly stage: 'write' | 'link';
  readonly message: string;
  readonly code: string | undefined;
}

/** The `node:fs` and `node:path` calls a job makes, passed in so the function needs no imports. */
export interface PlaceFs {
  openSync(path: string, flags: number, mode: number): number;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  mkdirSync(path: string, options: { recursive: true }): unknown;
  symlinkSync(target: string, path: string): void;
  readonly constants: { readonly O_WRONLY: number; readonly O_CREAT: number; readonly O_EXCL: number };
  dirname(path: string): string;
}

/**
 * Writes one job with synchronous calls: a new file (never an existing one), renamed into place
 * once whole, so a kill at any moment leaves no file or a whole one; then the link. It must stay
 * self-contained (no imports, no outer names): the writer thread runs its source text.
 */
export function placeFile(job: PlaceJob, fs: PlaceFs, madeDirs: Set<string>): PlaceFailure | undefined {
  // No inner functions: tsx wraps them in a helper that the thread's copy would not have.
  let fd: number | undefined;
  try {
    fd = fs.openSync(job.incompletePath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
    for (let at = 0; at < job.data.length; ) at += fs.writeSync(fd, job.data, at, job.data.length - at);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(job.incompletePath, job.targetPath);
  } catch (error) {
    try {
      if (fd !== undefined) fs.closeSync(fd);
      fs.unlinkSync(job.incompletePath);
    } catch {
      // Nothing was created, or it is already gone.
    }
    const { message, code } = error as { message?: string; code?: string };
    return { stage: 'write', message: message ?? String(error), code };
  }
  if (job.link === undefined) return undefined;
  try {
    const dir = fs.dirname(job.link.path);
    if (!madeDirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    fs.symlinkSync(job.link.target, job.link.path);
    return undefined;
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    return { stage: 'link', message: message ?? String(error), code };
  }
}

/** `placeFile`'s calls on the calling thread. */
export const NODE_PLACE_FS: PlaceFs = {
  openSync,
  writeSync,
  closeSync,
  renameSync,
  unlinkSync,
  mkdirSync,
  symlinkSync: (target, path) => symlinkSync(target, path),
  constants,
  dirname,
};

/** The Error a failed job stands for, with the system error code (ENOSPC, EEXIST…) kept. */
export function placeError(failure: PlaceFailure): Error {
  return Object.assign(new Error(failure.message), failure.code === undefined ? {} : { code: failure.code });
}
