import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { isSha256 } from '../../shared/lfs-pointer.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { CacheLayout } from '../cache/index.js';
import { isFile, type ShareMethod } from '../files/index.js';
import { hashFileContent, type CommitOperation, type FileEntryInfo, type GitImport, type Store } from '../store/index.js';
import { SMALL_FILE_MAX_BYTES, type BlobFetcher, type FetchRequest } from '../transfer/index.js';
import { resolveUrl, type RemoteFileEntry } from '../upstream/index.js';

/**
 * Small files fetched are kept in memory for the commit up to this many bytes in all (a repo of
 * thousands of configs and shards' JSON holds a few MB); past it they are staged as files.
 */
const HELD_BYTES_MAX = 32 * 1024 * 1024;

/** Where a file's verified bytes came from. */
export type ContentOrigin = 'store' | 'cache' | 'remote';

export interface PulledContent {
  readonly operation: CommitOperation;
  readonly origin: ContentOrigin;
  /** Bytes fetched from the remote for this file (0 unless origin is "remote"). */
  readonly fetchedBytes: number;
  /** How a file taken from the HF cache now sits in the store beside it (LFS files; known once stored). */
  readonly method?: ShareMethod;
}

/** One remote revision's files, as the content finder needs them. */
export interface RemoteRevision {
  readonly endpoint: string;
  readonly token: string | undefined;
  readonly repoType: RepoType;
  readonly repo: string;
  readonly commit: string;
}

export interface ContentFinderOptions {
  readonly store: Store;
  readonly cache: CacheLayout;
  readonly fetcher: BlobFetcher;
  /** Fetched files wait here until the commit; they survive a crash, so a rerun does not fetch them again. */
  readonly stagingDir: string;
}

/**
 * Finds each file's bytes the cheapest way: already in the hub store, else in the HF cache (hashed
 * before use), else fetched from the remote through the BlobFetcher (which verifies and resumes).
 * Every file is checked against its sha256 (LFS) or git blob oid before a commit may use it.
 */
export class ContentFinder {
  private readonly staged = new Set<string>();
  /** Small fetched files' bytes go in here (unreferenced until the commit), so a rerun finds them in the store. */
  private readonly objects: GitImport;
  /** Bytes of small fetched files held in memory for the commit. */
  private heldBytes = 0;

  constructor(private readonly options: ContentFinderOptions) {
    mkdirSync(options.stagingDir, { recursive: true });
    this.objects = options.store.gitImport();
  }

  /** Makes the small files fetched so far durable in the store: after the fetching, whether it succeeded or not. */
  persist(): void {
    this.objects.flush();
  }

  async find(remote: RemoteRevision, entry: RemoteFileEntry, signal: AbortSignal, onBytes: (done: number) => void): Promise<PulledContent> {
    // A file an interrupted run fetched may since have reached the store: its staged copy goes with the commit either way.
    this.staged.add(this.stagingPath(entry.lfs?.oid ?? entry.oid));
    return entry.lfs ? this.findLfs(remote, entry, entry.lfs, signal, onBytes) : this.findRegular(remote, entry, signal, onBytes);
  }

  /**
   * Whether the local file already has the remote file's content. git-based hubs name a regular
   * file by its git blob oid, as we do; KohakuHub by its content's sha256 (and an LFS file by its
   * sha256 rather than its pointer's oid): then the content's hashes are compared.
   */
  holds(local: FileEntryInfo | undefined, remote: RemoteFileEntry): boolean {
    if (local === undefined) return false;
    if (local.oid === remote.oid) return true;
    if (local.lfs !== undefined || remote.lfs !== undefined) return local.lfs?.oid === remote.lfs?.oid && local.size === remote.size;
    return isSha256(remote.oid) && local.size === remote.size && this.sha256Of(local.oid) === remote.oid;
  }

  /** The sha256 of a regular file the store holds, by its git blob oid. */
  private sha256Of(gitOid: string): string | undefined {
    const located = this.options.store.locateBlob(gitOid);
    if (located?.kind === 'inline') return createHash('sha256').update(located.data).digest('hex');
    // A blob-store file is named by its sha256.
    return located?.kind === 'file' ? basename(located.path) : undefined;
  }

  /**
   * How the store holds what it took from the HF cache: as an LFS file was placed, else (regular
   * files only, placed by the commit) as the file systems allow; undefined when nothing came from the cache.
   */
  async shareMethod(pulled: readonly PulledContent[]): Promise<ShareMethod | undefined> {
    const fromCache = pulled.filter((content) => content.origin === 'cache');
    if (fromCache.length === 0) return undefined;
    const placed = fromCache.find((content) => content.method !== undefined)?.method;
    if (placed !== undefined) return placed;
    await this.options.cache.ensureRoot();
    return this.options.store.shareMethodWith(this.options.cache.root);
  }

  /** Removes the fetched files a commit now holds (the store has its own copy or link), and partial files an interrupted run left of them. */
  async clearStaging(): Promise<void> {
    const names = await readdir(this.options.stagingDir).catch(() => []);
    const partial = names.filter((name) => name.endsWith('.incomplete') && this.staged.has(this.stagingPath(name.split('.')[0] ?? '')));
    const paths = [...this.staged, ...partial.map((name) => join(this.options.stagingDir, name))];
    await Promise.all(paths.map((path) => unlink(path).catch(() => undefined)));
    this.staged.clear();
  }

  private async findLfs(
    remote: RemoteRevision,
    entry: RemoteFileEntry,
    lfs: NonNullable<RemoteFileEntry['lfs']>,
    signal: AbortSignal,
    onBytes: (done: number) => void,
  ): Promise<PulledContent> {
    const { store } = this.options;
    const operation: CommitOperation = { type: 'addLfs', path: entry.path, sha256: lfs.oid, size: lfs.size };
    if ((await store.blobs.size(lfs.oid)) === lfs.size) return { operation, origin: 'store', fetchedBytes: 0 };
    const expected = { expectedSha256: lfs.oid, expectedSize: lfs.size, signal };
    const cached = this.cachedBlob(remote, lfs.oid);
    if (cached !== undefined) {
      try {
        // Hashed while it is linked: the cache's bytes are checked before the store takes them, at no extra disk.
        const placed = await store.blobs.putFile(cached, { ...expected, share: true });
        return { operation, origin: 'cache', fetchedBytes: 0, ...(placed.method === undefined ? {} : { method: placed.method }) };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'IntegrityError') throw error;
        // A damaged cache blob is not used: the remote's bytes are fetched instead.
      }
    }
    const staged = await this.fetch(remote, entry.path, lfs.oid, lfs.size, signal, onBytes);
    // Bytes fetched now were hashed as they arrived: linked in without a second read. A file an
    // earlier run left in staging is hashed again on its way in.
    if (staged.fetched) await store.blobs.adoptVerified(staged.path, lfs.oid);
    else await store.blobs.putFile(staged.path, { ...expected, link: true });
    return { operation, origin: 'remote', fetchedBytes: staged.fetched ? lfs.size : 0 };
  }

  private async findRegular(remote: RemoteRevision, entry: RemoteFileEntry, signal: AbortSignal, onBytes: (done: number) => void): Promise<PulledContent> {
    const add = (content: { data: Uint8Array } | { file: string; share?: boolean }): CommitOperation => ({ type: 'add', path: entry.path, content, lfs: 'never' });
    // KohakuHub names a regular file by its content's sha256: the store finds large ones by it (small ones are fetched).
    const bySha256 = isSha256(entry.oid);
    const stored = bySha256 ? this.options.store.contentFile(entry.oid, entry.size) : undefined;
    const located = bySha256 ? (stored === undefined ? undefined : { kind: 'file' as const, path: stored }) : this.options.store.locateBlob(entry.oid);
    if (located?.kind === 'inline') return { operation: add({ data: located.data }), origin: 'store', fetchedBytes: 0 };
    if (located?.kind === 'file') return { operation: add({ file: located.path }), origin: 'store', fetchedBytes: 0 };
    const cached = this.cachedBlob(remote, entry.oid);
    const hashOf = async (path: string): Promise<string | undefined> => {
      const hashed = await hashFileContent(path, bySha256 ? undefined : entry.size, signal);
      return bySha256 ? hashed.sha256 : hashed.gitOid;
    };
    if (cached !== undefined && (await hashOf(cached)) === entry.oid) {
      // Large regular files become blob-store files, sharing the cache's bytes; small ones go into SQLite.
      return { operation: add({ file: cached, share: true }), origin: 'cache', fetchedBytes: 0 };
    }
    if (!bySha256 && entry.size <= SMALL_FILE_MAX_BYTES && this.heldBytes + entry.size <= HELD_BYTES_MAX) {
      // A small file goes from memory into the store's database (batched: no file per file) and into the commit.
      this.heldBytes += entry.size;
      const data = await this.options.fetcher.receiveSmall({ ...this.request(remote, entry.path, entry.oid, entry.size, signal), signal });
      await this.objects.putBlob(entry.oid, data);
      return { operation: add({ data }), origin: 'remote', fetchedBytes: entry.size };
    }
    const staged = await this.fetch(remote, entry.path, entry.oid, entry.size, signal, onBytes);
    return { operation: add({ file: staged.path }), origin: 'remote', fetchedBytes: staged.fetched ? entry.size : 0 };
  }

  private stagingPath(etag: string): string {
    return join(this.options.stagingDir, etag);
  }

  /** The HF cache's blob for this repo and content hash, when there is one. */
  private cachedBlob(remote: RemoteRevision, etag: string): string | undefined {
    const path = this.options.cache.blobPath(remote.repoType, remote.repo, etag);
    return isFile(path) ? path : undefined;
  }

  /** Fetches verified bytes into staging; a file a previous run already fetched is not fetched again. */
  private async fetch(
    remote: RemoteRevision,
    path: string,
    etag: string,
    size: number,
    signal: AbortSignal,
    onBytes: (done: number) => void,
  ): Promise<{ path: string; fetched: boolean }> {
    const request = this.request(remote, path, etag, size, signal);
    const outcome = await this.options.fetcher.fetch({ ...request, onProgress: (done) => onBytes(done) });
    if (outcome === 'present') onBytes(size);
    return { path: request.targetPath, fetched: outcome === 'downloaded' };
  }

  private request(remote: RemoteRevision, path: string, etag: string, size: number, signal: AbortSignal): FetchRequest {
    const target = this.stagingPath(etag);
    return {
      url: resolveUrl(remote.endpoint, remote.repoType, remote.repo, remote.commit, path),
      token: remote.token,
      etag,
      size,
      targetPath: target,
      newIncompletePath: () => `${target}.${randomBytes(4).toString('hex')}.incomplete`,
      label: path,
      signal,
    };
  }
}
