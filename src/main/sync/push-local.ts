import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.js';
import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import { parseRepoId, type RepoType } from '../../shared/repo-id.js';
import type { FileEntryInfo, RepoRecord, Store } from '../store/index.js';
import { BufferPool, DIRECT_ALIGNMENT, openDirect } from '../transfer/index.js';

/** Bytes per read of an LFS object being sent. */
const LFS_READ_CHUNK = 512 * 1024;
/** Buffers an LFS object is read into in turn: one being sent, the others being read (4 x 512 KiB: the 2 MiB the two 1 MiB buffers took before). */
const READ_BUFFERS = 4;
/**
 * Page-aligned read buffers, shared by the objects being sent (4 objects x 4 buffers), so that
 * they can be read with O_DIRECT.
 */
const readBuffers = new BufferPool(LFS_READ_CHUNK, 16, 16 * LFS_READ_CHUNK);
/** Bytes a preupload sample holds (as Python sends). */
const SAMPLE_BYTES = 512;

/** Where a regular file's bytes are: in the database (small files) or a blob-store file. */
export type RegularContent = { readonly data: Uint8Array } | { readonly file: string };

/**
 * The local side of a push: the tree of one revision, as the store already knows it (git oids,
 * LFS sha256s and sizes: nothing is hashed), and the bytes of its files, read only to send them.
 */
export class LocalTree {
  readonly repo: RepoRecord;
  readonly commit: string;
  readonly treeOid: string;
  /** The remote branch this revision goes to: a local branch to the branch of that name, a tag or commit to main. */
  readonly branch: string;
  private allFiles: Map<string, FileEntryInfo> | undefined;

  constructor(
    private readonly store: Store,
    repoType: RepoType,
    repoName: string,
    revision: string,
  ) {
    const id = parseRepoId(repoName, repoType);
    const repo = store.findRepo(id.type, id.namespace, id.name);
    if (!repo) throw new AppError('RepoNotFound', `No local ${repoType} repo ${repoName} (see hubkeeper repo ls)`);
    this.repo = repo;
    this.commit = store.resolveRevision(repo.id, revision);
    this.treeOid = store.getCommit(this.commit)?.treeOid ?? '';
    this.branch = store.hasBranch(repo.id, revision) ? revision : DEFAULT_BRANCH;
  }

  /** Every file of the revision by path; read on first use (a push whose remote is where the last sync left it never needs them all). */
  get files(): ReadonlyMap<string, FileEntryInfo> {
    if (this.allFiles === undefined) {
      const files = new Map<string, FileEntryInfo>();
      for (const entry of this.store.listTree(this.commit, '', { recursive: true })) if (entry.type === 'file') files.set(entry.path, entry);
      this.allFiles = files;
    }
    return this.allFiles;
  }

  /** The root tree of a local commit; undefined when the store does not hold it. */
  treeOfCommit(commit: string): string | undefined {
    return this.store.getCommit(commit)?.treeOid;
  }

  /**
   * The files of this revision that differ from the tree `baseTree` (added or changed) and the
   * paths of `baseTree` it lacks, walking both trees at once and skipping every folder whose tree
   * oid is the same on both sides: a one-file change reads one path of folders, not the repo.
   */
  changesSince(baseTree: string): { changed: FileEntryInfo[]; deleted: string[] } {
    const changed: FileEntryInfo[] = [];
    const deleted: string[] = [];
    const walk = (before: string | undefined, after: string | undefined, prefix: string): void => {
      const old = new Map(before === undefined ? [] : [...this.store.listTreeObject(before)].map((entry) => [entry.path, entry]));
      for (const entry of after === undefined ? [] : this.store.listTreeObject(after)) {
        const path = prefix + entry.path;
        const previous = old.get(entry.path);
        old.delete(entry.path);
        if (previous?.oid === entry.oid && previous.type === entry.type) continue;
        if (entry.type === 'directory') {
          if (previous?.type === 'file') deleted.push(prefix + previous.path);
          walk(previous?.type === 'directory' ? previous.oid : undefined, entry.oid, `${path}/`);
        } else {
          if (previous?.type === 'directory') walk(previous.oid, undefined, `${path}/`);
          changed.push({ ...entry, path });
        }
      }
      for (const gone of old.values()) {
        if (gone.type === 'directory') walk(gone.oid, undefined, `${prefix}${gone.path}/`);
        else deleted.push(prefix + gone.path);
      }
    };
    walk(baseTree, this.treeOid, '');
    return { changed, deleted: deleted.sort() };
  }

  /** The sha256 of a file's content: the LFS object's, or the one the store keeps for a regular blob. */
  contentSha256(entry: FileEntryInfo): string | undefined {
    return entry.lfs?.oid ?? this.store.regularBlobSha256(entry.oid);
  }

  /** The tree oid of a folder of this revision, when it is one. */
  folderOid(path: string): string | undefined {
    const entry = this.store.getEntry(this.commit, path);
    return entry?.type === 'directory' ? entry.oid : undefined;
  }

  /** Where a regular file's bytes are. */
  regularContent(entry: FileEntryInfo): RegularContent {
    const located = this.store.locateBlob(entry.oid);
    if (located?.kind === 'inline') return { data: located.data };
    if (located?.kind === 'file') return { file: located.path };
    throw new AppError('IntegrityError', `The local store lacks the content of ${entry.path} (${entry.oid}); run hubkeeper fsck`);
  }

  /** The blob-store file of an LFS object; a clear error when it was pruned (keep-versions) or lost. */
  lfsFile(entry: FileEntryInfo & { lfs: NonNullable<FileEntryInfo['lfs']> }): string {
    if (!this.store.blobs.has(entry.lfs.oid)) {
      throw new AppError('IntegrityError', `The local store lacks the LFS object of ${entry.path} (${entry.lfs.oid}), so it cannot be pushed`);
    }
    return this.store.blobs.pathOf(entry.lfs.oid);
  }

  /**
   * Bytes [start, end) of a file sent through LFS: its LFS object, or the content of a file the
   * local tree keeps regular but the remote wants in LFS (from the database or a blob file).
   */
  contentRange(entry: FileEntryInfo, start: number, end: number, onBytes: (bytes: number) => void): AsyncIterable<Buffer> {
    if (entry.lfs !== undefined) return this.lfsRange(this.lfsFile({ ...entry, lfs: entry.lfs }), start, end, onBytes);
    const content = this.regularContent(entry);
    if ('file' in content) return this.lfsRange(content.file, start, end, onBytes);
    return inlineRange(content.data, start, end, onBytes);
  }

  /**
   * Bytes [start, end) of an LFS object, read from disk into a ring of READ_BUFFERS buffers: while
   * one chunk is sent, the reads of the next ones run (several at once: a cold store file, which
   * the pull wrote around the page cache, reads at 1.1-1.2 GB/s here for four objects with four
   * 256-512 KiB reads in flight each, 0.65-0.85 GB/s with the two 1 MiB buffers used before, the
   * same memory). No memory is allocated per chunk: a stream of fresh 64 KiB or 1 MiB buffers
   * left ~60 MiB of spent buffers for the collector during a 2 GB push. The consumer must be done
   * with a chunk when it asks for the next one (undici's iterable request body is: see
   * UpstreamRequest.body).
   */
  async *lfsRange(file: string, start: number, end: number, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
    if (end <= start) return;
    const buffers = Array.from({ length: Math.min(READ_BUFFERS, Math.ceil((end - start) / LFS_READ_CHUNK)) }, () => readBuffers.acquire());
    const direct = start % DIRECT_ALIGNMENT === 0 && buffers.every((buffer) => readBuffers.isAligned(buffer));
    // Around the page cache where it allows: the pull wrote these objects so, they are not cached, and a
    // buffered read would fill the cache with what it then copies out (CPU the receiving hub needs).
    const handle = (direct ? await openDirect(file, 'read') : undefined) ?? (await open(file, 'r'));
    const reads: Array<Promise<Buffer>> = [];
    try {
      let position = start;
      let next = 0;
      const readInto = (buffer: Buffer): Promise<Buffer> => {
        const length = Math.min(buffer.length, end - position);
        const at = position;
        position += length;
        // Around the page cache the length is whole sectors too; the bytes past `end` are left out.
        const asked = direct ? Math.min(buffer.length, Math.ceil(length / DIRECT_ALIGNMENT) * DIRECT_ALIGNMENT) : length;
        return handle.read(buffer, 0, asked, at).then(({ bytesRead }) => {
          if (bytesRead < length) throw new AppError('IntegrityError', `${file} ended ${end - at - bytesRead} bytes early while it was being sent; run hubkeeper fsck`);
          return buffer.subarray(0, length);
        });
      };
      const readAhead = (): void => {
        const buffer = buffers[next % buffers.length] as Buffer;
        next++;
        const read = readInto(buffer);
        read.catch(() => undefined);
        reads.push(read);
      };
      // Every buffer but the one being sent is being read into.
      while (reads.length < buffers.length - 1 && position < end) readAhead();
      if (reads.length === 0) readAhead();
      for (let read = reads.shift(); read !== undefined; read = reads.shift()) {
        const chunk = await read;
        if (position < end) readAhead();
        onBytes(chunk.length);
        yield chunk;
      }
    } finally {
      await Promise.allSettled(reads);
      await handle.close();
      for (const buffer of buffers) readBuffers.release(buffer);
    }
  }

  /** The git blob oid of an LFS file's content (the store knows the pointer's): read and hashed, for a remote that keeps the file regular. */
  async contentGitOid(entry: FileEntryInfo): Promise<string> {
    const file = entry.lfs === undefined ? undefined : this.lfsFile({ ...entry, lfs: entry.lfs });
    if (file === undefined) return entry.oid;
    const hash = createHash('sha1').update(`blob ${(await stat(file)).size}\0`);
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
    return hash.digest('hex');
  }

  /** The first bytes of a file, for the preupload call (which decides regular or LFS on the remote). */
  async sample(entry: FileEntryInfo): Promise<Buffer> {
    if (entry.lfs !== undefined) return readHead(this.lfsFile({ ...entry, lfs: entry.lfs }));
    const content = this.regularContent(entry);
    if ('data' in content) return Buffer.from(content.data.subarray(0, SAMPLE_BYTES));
    return readHead(content.file);
  }
}

/** Bytes [start, end) of content held in memory (a small file from the database), as one chunk. */
function inlineRange(data: Uint8Array, start: number, end: number, onBytes: (bytes: number) => void): AsyncIterable<Buffer> {
  if (end > data.byteLength) throw new AppError('IntegrityError', `A stored file holds ${data.byteLength} bytes, fewer than the ${end} being sent; run hubkeeper fsck`);
  const chunks = end > start ? [Buffer.from(data.buffer, data.byteOffset + start, end - start)] : [];
  onBytes(end - start);
  return Readable.from(chunks, { objectMode: false }) as AsyncIterable<Buffer>;
}


async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
