import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, isAppError } from '../../shared/errors.js';
import type { UpstreamClient } from '../upstream/index.js';
import { writeAtomic } from '../files/index.js';

export interface CachedDownloadOptions {
  /** Folder of the URL cache. */
  readonly dir: string;
  readonly token?: string;
  readonly offline?: boolean;
  readonly signal?: AbortSignal;
}

export interface CachedFile {
  readonly path: string;
  readonly etag: string | undefined;
  /** `fresh`: fetched now; `revalidated`: the server said 304; `stale`: the server could not be asked. */
  readonly status: 'fresh' | 'revalidated' | 'stale';
}

const BLOCK = 1024 * 1024;

interface Entry {
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly size: number;
}

/**
 * Any URL, cached on disk and revalidated with `If-None-Match` / `If-Modified-Since` on each call:
 * a 304 costs no body. When the server cannot be reached the cached copy is returned.
 */
export async function cachedDownload(client: UpstreamClient, url: string, options: CachedDownloadOptions): Promise<CachedFile> {
  const key = createHash('sha256').update(url).digest('hex');
  const file = join(options.dir, key);
  const metaFile = `${file}.json`;
  const entry = await readEntry(metaFile, file);
  if (options.offline) {
    if (entry) return { path: file, etag: entry.etag, status: 'stale' };
    throw new AppError('LocalEntryNotFound', `Offline mode is on and ${url} is not cached`);
  }
  const headers: Record<string, string> = {};
  if (entry?.etag !== undefined) headers['if-none-match'] = entry.etag;
  else if (entry?.lastModified !== undefined) headers['if-modified-since'] = entry.lastModified;
  let response;
  try {
    response = await client.request(url, {
      headers,
      redirects: 'all',
      acceptStatus: [304],
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (entry && isAppError(error) && (error.code === 'UpstreamUnavailable' || error.code === 'RateLimited')) {
      return { path: file, etag: entry.etag, status: 'stale' };
    }
    throw error;
  }
  if (response.status === 304 && entry) {
    await response.dump();
    return { path: file, etag: entry.etag, status: 'revalidated' };
  }
  await mkdir(options.dir, { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.incomplete`;
  const handle = await open(temp, 'w');
  const block = Buffer.allocUnsafe(BLOCK);
  let fill = 0;
  let size = 0;
  try {
    for await (const chunk of response.body(options.signal)) {
      for (let at = 0; at < chunk.length; ) {
        const n = Math.min(chunk.length - at, BLOCK - fill);
        chunk.copy(block, fill, at, at + n);
        fill += n;
        at += n;
        if (fill === BLOCK) {
          await handle.write(block, 0, fill);
          fill = 0;
        }
      }
      size += chunk.length;
    }
    if (fill > 0) await handle.write(block, 0, fill);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  const etag = response.header('etag');
  const lastModified = response.header('last-modified');
  const next: Entry = { url, size, ...(etag === undefined ? {} : { etag }), ...(lastModified === undefined ? {} : { lastModified }) };
  await writeAtomic(metaFile, JSON.stringify(next));
  return { path: file, etag, status: 'fresh' };
}

async function readEntry(metaFile: string, file: string): Promise<Entry | undefined> {
  try {
    const entry = JSON.parse(await readFile(metaFile, 'utf8')) as Entry;
    return (await stat(file)).size === entry.size ? entry : undefined;
  } catch {
    return undefined;
  }
}
