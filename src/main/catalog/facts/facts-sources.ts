import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { RepoType } from '../../../shared/repo-id.js';
import { repoFolderName } from '../../cache/index.js';
import type { Store } from '../../store/index.js';
import { HubApi, type UpstreamClient } from '../../upstream/index.js';
import type { RevisionFile } from './file-facts.js';
import type { RangeRead } from './range-read.js';
import type { FactsSource } from './read-model-facts.js';

/** A revision to read facts of: where it is and which commit. */
export interface FactsRevision {
  readonly endpoint: string;
  readonly type: RepoType;
  readonly repoId: string;
  readonly commit: string;
}

/** A remote hub's revision: whole small files and Range requests through `resolve`. */
export function remoteFactsSource(client: UpstreamClient, revision: FactsRevision, token: string | undefined): FactsSource {
  const api = new HubApi(client, { endpoint: revision.endpoint, ...(token === undefined ? {} : { token }) });
  const { type, repoId, commit } = revision;
  return {
    text: (path, signal) => api.readText(type, repoId, commit, path, signal),
    range: (path, signal) => (start, length) => api.readRange(type, repoId, commit, path, start, length, signal),
  };
}

/** Where a file's bytes are on this disk: a file, or bytes the hub's database holds inline. */
type LocalBytes = { readonly path: string } | { readonly data: Buffer };

/** A local hub revision, read from the hub's own store (no network). */
export function storeFactsSource(store: Store, files: readonly RevisionFile[]): FactsSource {
  return localFactsSource(files, 'the hub store', (file) => {
    if (file.sha256 !== null) return store.blobs.has(file.sha256) ? { path: store.blobs.pathOf(file.sha256) } : undefined;
    const located = store.locateBlob(file.oid);
    if (located?.kind === 'inline') return { data: located.data };
    return located?.kind === 'file' ? { path: located.path } : undefined;
  });
}

/** A cached revision, read from its snapshot folder (only the files it holds). */
export function snapshotFactsSource(revision: FactsRevision, files: readonly RevisionFile[]): FactsSource {
  const snapshot = join(revision.endpoint, repoFolderName(revision.type, revision.repoId), 'snapshots', revision.commit);
  return localFactsSource(files, `the snapshot ${snapshot}`, (file) => {
    const path = join(snapshot, file.path);
    const inside = relative(snapshot, path);
    return inside.startsWith(`..${sep}`) || inside === '..' ? undefined : { path };
  });
}

function localFactsSource(files: readonly RevisionFile[], where: string, locate: (file: RevisionFile) => LocalBytes | undefined): FactsSource {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const bytesOf = (path: string): LocalBytes => {
    const file = byPath.get(path);
    const bytes = file === undefined ? undefined : locate(file);
    if (bytes === undefined) throw new AppError('EntryNotFound', `${path}: its content is not in ${where}`);
    return bytes;
  };
  return {
    text: async (path) => {
      const bytes = bytesOf(path);
      return 'data' in bytes ? bytes.data.toString('utf8') : (await readUntouched(bytes.path)).toString('utf8');
    },
    range: (path): RangeRead => async (start, length) => {
      const bytes = bytesOf(path);
      if ('data' in bytes) return bytes.data.subarray(start, start + length);
      return readUntouched(bytes.path, { start, length });
    },
  };
}

/**
 * Reads a file without moving its access time: the HF cache's "last used" (the Library's, and
 * the eviction order) is its blobs' atime, and reading a header is no use. O_NOATIME where the
 * system allows it (Linux, files we own); else the times are put back after the read.
 */
async function readUntouched(path: string, range?: { readonly start: number; readonly length: number }): Promise<Buffer> {
  let handle: FileHandle;
  let restore = false;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOATIME ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM' && (error as NodeJS.ErrnoException).code !== 'EINVAL') throw error;
    handle = await open(path, 'r');
    restore = true;
  }
  try {
    const before = restore ? await handle.stat() : undefined;
    let data: Buffer;
    if (range === undefined) {
      data = await handle.readFile();
    } else {
      const buffer = Buffer.alloc(range.length);
      const { bytesRead } = await handle.read(buffer, 0, range.length, range.start);
      data = buffer.subarray(0, bytesRead);
    }
    if (before !== undefined) await handle.utimes(before.atime, before.mtime).catch(() => undefined);
    return data;
  } finally {
    await handle.close();
  }
}
