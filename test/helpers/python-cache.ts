import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

export interface FixtureFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  /** LFS files are named by sha256, regular files by their git blob SHA-1, as the hub's ETags are. */
  readonly lfs?: boolean;
}

export interface FixtureRevision {
  readonly type?: 'model' | 'dataset' | 'space';
  readonly repoId: string;
  readonly commit: string;
  readonly refs?: readonly string[];
  readonly files: readonly FixtureFile[];
  /**
   * How snapshot files are made: relative symlinks (Python and JS by default), or Python's
   * symlink-less mode (a new blob is moved into the snapshot, so blobs/ lacks it).
   */
  readonly mode?: 'symlink' | 'python-no-symlinks';
  /** Sets atime and mtime of every blob written (seconds since the epoch). */
  readonly timeSeconds?: number;
}

export function gitBlobSha1(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export function sha256(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function etagOf(file: FixtureFile): string {
  const bytes = toBytes(file.content);
  return file.lfs ? sha256(bytes) : gitBlobSha1(bytes);
}

export function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

/** A 40-hex commit id derived from a label, for readable tests. */
export function fakeCommit(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

/**
 * Writes one revision into an HF cache with plain fs calls, exactly as Python `huggingface_hub`
 * lays it out (blobs named by ETag, relative symlinks, refs without a trailing newline), so
 * tests do not depend on the code under test to build their fixtures.
 */
export async function writePythonCacheRevision(cacheDir: string, revision: FixtureRevision): Promise<{ repoPath: string; snapshotPath: string; blobPaths: Map<string, string> }> {
  const repoPath = join(cacheDir, `${revision.type ?? 'model'}s--${revision.repoId.split('/').join('--')}`);
  const snapshotPath = join(repoPath, 'snapshots', revision.commit);
  const blobPaths = new Map<string, string>();
  await mkdir(join(repoPath, 'blobs'), { recursive: true });
  await mkdir(snapshotPath, { recursive: true });
  for (const file of revision.files) {
    const blobPath = join(repoPath, 'blobs', etagOf(file));
    const pointer = join(snapshotPath, ...file.path.split('/'));
    await mkdir(dirname(pointer), { recursive: true });
    await writeFile(blobPath, toBytes(file.content));
    if (revision.timeSeconds !== undefined) await utimes(blobPath, revision.timeSeconds, revision.timeSeconds);
    if (revision.mode === 'python-no-symlinks') {
      await rename(blobPath, pointer);
    } else {
      await symlink(relative(dirname(pointer), blobPath), pointer);
    }
    blobPaths.set(file.path, blobPath);
  }
  for (const ref of revision.refs ?? []) {
    const refPath = join(repoPath, 'refs', ...ref.split('/'));
    await mkdir(dirname(refPath), { recursive: true });
    await writeFile(refPath, revision.commit);
  }
  return { repoPath, snapshotPath, blobPaths };
}

/**
 * Moves a repo's blob into Python ≥ 2.0's cache-wide shared store (`<cache>/blobs/<ab>/<xet>`,
 * marked by `.huggingface-shared-blobs`) and leaves a relative symlink in the repo's blobs/,
 * with the manifest line Python appends, as `publish_blob_to_shared_store` does.
 */
export async function shareBlob(cacheDir: string, repoPath: string, etag: string, xetHash: string): Promise<string> {
  const store = join(cacheDir, 'blobs');
  await mkdir(join(store, xetHash.slice(0, 2)), { recursive: true });
  await writeFile(join(store, '.huggingface-shared-blobs'), '1\n');
  const payload = join(store, xetHash.slice(0, 2), xetHash);
  const repoBlob = join(repoPath, 'blobs', etag);
  const manifestLine = `${relative(cacheDir, repoBlob).split('\\').join('/')}\n`;
  await appendFile(`${payload}.refs`, manifestLine);
  if (existsSync(payload)) await rm(repoBlob);
  else await rename(repoBlob, payload);
  await symlink(relative(dirname(repoBlob), payload), repoBlob);
  return payload;
}
