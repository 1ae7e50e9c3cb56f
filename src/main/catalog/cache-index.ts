import { basename } from 'node:path';
import { lfsPointerText } from '../../shared/lfs-pointer.js';
import type { CachedFileInfo, CachedRepo, CachedRevision, CacheScan } from '../cache/index.js';
import { createCatalogFoldersTable, createCatalogReposTable, type Db } from '../db/index.js';
import { readTreeCache, type TreeCacheEntry } from '../download/index.js';
import { gitBlobOid, hashFileContent } from '../store/index.js';
import type { RemoteFileEntry } from '../upstream/index.js';
import { storeFolder } from './refresh-structure.js';
import { buildStructure, type Structure } from './structure-tree.js';
import { ALL_REFS, refsMatch } from './tracked-repo.js';

export interface CacheIndexReport {
  readonly cacheDir: string;
  readonly repos: number;
  readonly revisions: number;
  /** Revisions whose structure was read now (new snapshots, or snapshots whose files changed). */
  readonly indexed: number;
  /** Repos and revisions gone from the cache, dropped from the catalog. */
  readonly dropped: number;
}

const BLOB_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The repos of a Hugging Face cache in the catalog (source 'cache', endpoint the cache folder,
 * all refs): each snapshot is a revision, its refs from refs/, a snapshot no ref names is current
 * under its commit id. A revision's structure is the files its snapshot holds: a file listed in
 * `trees/<commit>.json` but absent from the snapshot (a partial download) is left out, as is a
 * link to a missing blob. Hashes come from the tree listing where present, else from the blob's
 * name (a sha256 is an LFS file, its git oid that of its pointer; 40 hex digits are the git oid),
 * else (a snapshot without links) from hashing the file as a git blob.
 */
export class CacheIndex {
  private readonly repos;
  private readonly folders;
  private readonly now: () => number;

  constructor(private readonly options: { readonly db: Db; readonly now?: () => number }) {
    this.repos = createCatalogReposTable(options.db);
    this.folders = createCatalogFoldersTable(options.db);
    this.now = options.now ?? Date.now;
  }

  /** Brings the catalog's view of one cache folder in line with a scan of it. */
  async index(scan: CacheScan, signal?: AbortSignal): Promise<CacheIndexReport> {
    let indexed = 0;
    let dropped = 0;
    let replaced = 0;
    for (const repo of scan.repos) {
      signal?.throwIfAborted();
      const known = this.repos.find(scan.cacheDir, repo.repoType, repo.repoId, ALL_REFS);
      const fresh = new Map<string, Structure>();
      for (const revision of repo.revisions) {
        const stored = known === undefined ? undefined : this.repos.revision(known.id, revision.commitHash);
        const size = revision.files.reduce((sum, file) => sum + file.size, 0);
        if (stored !== undefined && stored.files === revision.files.length && stored.total_size === size) continue;
        if (stored !== undefined) replaced += 1;
        fresh.set(revision.commitHash, await readStructure(repo, revision, signal));
      }
      indexed += fresh.size;
      // A scan that found nothing new writes nothing (the app scans the cache often).
      if (known === undefined || fresh.size > 0 || !this.unchanged(known.id, repo)) {
        dropped += this.options.db.transaction(() => this.store(scan.cacheDir, repo, fresh)).immediate();
      }
    }
    const present = new Set(scan.repos.map((repo) => `${repo.repoType} ${repo.repoId}`));
    const gone = this.repos.list().filter((row) => row.source === 'cache' && row.endpoint === scan.cacheDir && !present.has(`${row.type} ${row.repo_id}`));
    // Folders only a replaced or dropped structure used are unreachable now.
    if (gone.length > 0 || dropped > 0 || replaced > 0) {
      this.options.db
        .transaction(() => {
          for (const row of gone) this.repos.remove(row.id);
          this.folders.sweep();
        })
        .immediate();
    }
    return { cacheDir: scan.cacheDir, repos: scan.repos.length, revisions: scan.repos.reduce((sum, repo) => sum + repo.revisions.length, 0), indexed, dropped: dropped + gone.length };
  }

  /** Whether the catalog holds exactly the repo's refs and snapshots already. */
  private unchanged(rowId: number, repo: CachedRepo): boolean {
    const onDisk = new Set(repo.revisions.map((revision) => revision.commitHash));
    return refsMatch(this.repos.refs(rowId), cachedRefs(repo)) && this.repos.revisions(rowId).every((stored) => onDisk.has(stored.commit_id));
  }

  /** Stores the new structures and makes the repo's refs and revisions those of the cache; returns the revisions dropped. */
  private store(cacheDir: string, repo: CachedRepo, fresh: ReadonlyMap<string, Structure>): number {
    const now = this.now();
    const rowId =
      this.repos.find(cacheDir, repo.repoType, repo.repoId, ALL_REFS)?.id ??
      this.repos.add({ source: 'cache', endpoint: cacheDir, type: repo.repoType, repoId: repo.repoId, revision: ALL_REFS, everyMs: null, now });
    for (const [commit, structure] of fresh) {
      const revision = { repo: rowId, commit, rootFolder: storeFolder(this.folders, structure.root), files: structure.files, totalSize: structure.totalSize, now };
      if (this.repos.revision(rowId, commit) === undefined) this.repos.addRevision(revision);
      else this.repos.replaceRevision(revision);
    }
    this.repos.markChecked(rowId, cachedRefs(repo), now);
    const onDisk = new Set(repo.revisions.map((revision) => revision.commitHash));
    const gone = this.repos.revisions(rowId).filter((stored) => !onDisk.has(stored.commit_id));
    for (const stored of gone) this.repos.removeRevision(rowId, stored.commit_id);
    return gone.length;
  }
}

/** The refs of a cached repo; a snapshot no ref names is current under its commit id. */
function cachedRefs(repo: CachedRepo): Map<string, string> {
  const refs = new Map<string, string>();
  for (const revision of repo.revisions) {
    if (revision.refs.length === 0) refs.set(revision.commitHash, revision.commitHash);
    for (const ref of revision.refs) refs.set(ref, revision.commitHash);
  }
  return refs;
}

async function readStructure(repo: CachedRepo, revision: CachedRevision, signal?: AbortSignal): Promise<Structure> {
  const listing = await readTreeCache(repo.repoPath, revision.commitHash);
  const files: RemoteFileEntry[] = [];
  for (const file of revision.files) files.push(await cachedFile(file, listing?.get(file.name), signal));
  return buildStructure(files, `${repo.repoPath} (snapshot ${revision.commitHash})`);
}

async function cachedFile(file: CachedFileInfo, listed: TreeCacheEntry | undefined, signal?: AbortSignal): Promise<RemoteFileEntry> {
  const path = file.name;
  if (listed !== undefined) {
    if (listed.lfs_sha256 === undefined) return { type: 'file', path, size: listed.size, oid: listed.blob_id };
    const size = listed.lfs_size ?? listed.size;
    return { type: 'file', path, size, oid: listed.blob_id, lfs: { oid: listed.lfs_sha256, size } };
  }
  const blob = basename(file.blobPath);
  if (file.link === 'symlink' && BLOB_NAME.test(blob)) {
    if (blob.length === 40) return { type: 'file', path, size: file.size, oid: blob };
    return { type: 'file', path, size: file.size, oid: lfsPointerOid(blob, file.size), lfs: { oid: blob, size: file.size } };
  }
  const hashed = await hashFileContent(file.blobPath, file.size, signal);
  return { type: 'file', path, size: hashed.size, oid: hashed.gitOid ?? '' };
}

/** The git oid of an LFS file: that of its pointer text, which its sha256 and size make. */
export function lfsPointerOid(sha256: string, size: number): string {
  return gitBlobOid(new TextEncoder().encode(lfsPointerText({ oid: sha256, size })));
}
