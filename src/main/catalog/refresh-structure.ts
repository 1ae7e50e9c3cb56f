import { AppError, type ErrorCode } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import { redoableTransaction, type CatalogEntryRow, type CatalogFoldersTable, type CatalogReposTable, type CatalogRepoRow, type Db } from '../db/index.js';
import { HubApi, type RemoteTreeEntry, type UpstreamClient } from '../upstream/index.js';
import type { StoreBatch } from './store-batch.js';
import { ListingOutOfOrder, StreamingStructureBuilder, type SealedEntries, type SealedFolder } from './structure-stream.js';
import { StructureBuilder, type StructureFile, type StructureFolder } from './structure-tree.js';
import { ALL_REFS, describeTracked, trackedRepo } from './tracked-repo.js';

export interface RefreshDeps {
  readonly db: Db;
  readonly repos: CatalogReposTable;
  readonly folders: CatalogFoldersTable;
  readonly client: UpstreamClient;
  readonly now: () => number;
  /** Stores the revisions of refreshes running at once together (else each in its own transaction). */
  readonly batch?: StoreBatch;
}

export type RefreshStatus = 'unchanged' | 'updated' | 'failed';

export interface RefreshOutcome {
  readonly status: RefreshStatus;
  readonly commit: string | null;
  readonly error: string | null;
  /** Why it failed, as an error code (RepoNotFound, Unauthorized, UpstreamUnavailable, ...). */
  readonly errorCode?: ErrorCode;
}

/** Called as a refresh lists tree entries: how many it has listed so far for this repo. */
export type FilesListed = (files: number) => void;

/** How often (in listed entries) a refresh reports its progress. */
const REPORT_EVERY_ENTRIES = 1000;

/**
 * Refreshes one tracked repo: asks the hub where its refs point (one request: the revision
 * resolved, or the refs list for a repo tracked with all refs); when every commit is stored
 * already, that is all. Otherwise lists each new commit's tree page by page (once, however many
 * refs point at it) and stores it in one transaction; then the repo's refs become exactly the
 * hub's. A failure is recorded on the repo and its last good structure stays.
 */
export async function refreshStructure(
  deps: RefreshDeps,
  row: CatalogRepoRow,
  token: string | undefined,
  signal?: AbortSignal,
  onListed?: FilesListed,
): Promise<RefreshOutcome> {
  const api = new HubApi(deps.client, { endpoint: row.endpoint, ...(token === undefined ? {} : { token }) });
  let listed = 0;
  try {
    const current = await remoteRefs(api, row, signal);
    const before = deps.repos.refs(row.id);
    for (const commit of new Set(current.values())) {
      if (deps.repos.revision(row.id, commit) !== undefined) continue;
      listed = await storeRevision({ deps, api, row, commit, signal, onListed }, listed);
    }
    redoableTransaction(deps.db, () => deps.repos.markChecked(row.id, current, deps.now()));
    const unchanged = before.length === current.size && before.every((ref) => current.get(ref.ref) === ref.commit_id);
    return { status: unchanged ? 'unchanged' : 'updated', commit: mainCommit(row, current), error: null };
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = `${describeTracked(trackedRepo(row, []))}: ${error instanceof Error ? error.message : String(error)}`;
    redoableTransaction(deps.db, () => deps.repos.markFailed(row.id, message, deps.now()));
    const kept = new Map(deps.repos.refs(row.id).map((ref) => [ref.ref, ref.commit_id]));
    const errorCode = error instanceof AppError ? error.code : 'UpstreamUnavailable';
    return { status: 'failed', commit: mainCommit(row, kept), error: message, errorCode };
  }
}

/** Where the tracked refs point on the hub now: the tracked revision, or every branch and tag. */
async function remoteRefs(api: HubApi, row: CatalogRepoRow, signal: AbortSignal | undefined): Promise<Map<string, string>> {
  const type = row.type as RepoType;
  if (row.revision !== ALL_REFS) {
    // Only the commit: without `expand` a hub answers every file of the revision (siblings),
    // megabytes for a big repo on every check.
    const info = await api.repoInfo(type, row.repo_id, { revision: row.revision, expand: ['sha'], ...(signal ? { signal } : {}) });
    if (info.sha === undefined || info.sha === '') throw new AppError('UpstreamUnavailable', `${row.endpoint} did not say which commit ${row.revision} is`);
    return new Map([[row.revision, info.sha]]);
  }
  const refs = await api.listRefs(type, row.repo_id, signal);
  const current = new Map(refs.branches.map((branch) => [branch.name, branch.targetCommit]));
  // A tag named like a branch keeps its full name, so neither hides the other.
  for (const tag of refs.tags) current.set(current.has(tag.name) ? tag.ref : tag.name, tag.targetCommit);
  return current;
}

/** What listing and storing one commit of a tracked repo needs. */
interface RevisionListing {
  readonly deps: RefreshDeps;
  readonly api: HubApi;
  readonly row: CatalogRepoRow;
  readonly commit: string;
  readonly signal: AbortSignal | undefined;
  readonly onListed: FilesListed | undefined;
}

/**
 * Lists a commit's tree and stores it; returns the entries listed so far in this refresh. Folders
 * are written as the listing leaves them, a few thousand entries at a time (memory holds the
 * folders on the current path and the entries not written yet, never the tree); the revision that
 * makes them its structure comes last, with the rest, in one transaction. Until then they are only
 * folders no revision uses: a refresh cut short leaves the last good structure as it was. A hub
 * listing a folder in more than one run is listed again and built whole in memory.
 */
async function storeRevision(listing: RevisionListing, listedBefore: number): Promise<number> {
  const { deps } = listing;
  deps.batch?.enter();
  let submitted = false;
  try {
    return await listAndStore(listing, listedBefore, (write) => {
      submitted = true;
      return deps.batch === undefined ? redoableTransaction(deps.db, write) : deps.batch.submit(write);
    });
  } finally {
    if (!submitted) deps.batch?.leave();
  }
}

/** storeRevision's work; `store` runs the last write in a transaction (of its own, or the batch's). */
async function listAndStore(
  { deps, api, row, commit, signal, onListed }: RevisionListing,
  listedBefore: number,
  store: (write: () => void) => Promise<void> | void,
): Promise<number> {
  let listed = listedBefore;
  const listing = (): AsyncGenerator<RemoteTreeEntry> => api.listTree(row.type as RepoType, row.repo_id, commit, { recursive: true, ...(signal ? { signal } : {}) });
  const writer = new FolderWriter(deps.folders);
  const streamed = new StreamingStructureBuilder(row.endpoint, writer.sink);
  let structure: { root: () => number; files: number; totalSize: number };
  try {
    for await (const entry of listing()) {
      streamed.add(entry);
      if (writer.pendingEntries >= WRITE_EVERY_ENTRIES) redoableTransaction(deps.db, () => writer.write());
      if (++listed % REPORT_EVERY_ENTRIES === 0) onListed?.(listed);
    }
    const { root, files, totalSize } = streamed.finish();
    structure = { root: () => writer.idOf(root.ref), files, totalSize };
  } catch (error) {
    if (!(error instanceof ListingOutOfOrder)) throw error;
    writer.discard();
    const builder = new StructureBuilder(row.endpoint);
    for await (const entry of listing()) {
      builder.add(entry);
      if (++listed % REPORT_EVERY_ENTRIES === 0) onListed?.(listed);
    }
    const { root, files, totalSize } = builder.finish();
    structure = { root: () => storeFolder(deps.folders, root), files, totalSize };
  }
  onListed?.(listed);
  // In an immediate transaction: the write lock comes first, so a folder (or this very commit)
  // another process (a running server, a second CLI) stored meanwhile is seen and reused rather
  // than inserted twice.
  await store(() => {
    if (deps.repos.revision(row.id, commit) !== undefined) return;
    writer.write();
    deps.repos.addRevision({ repo: row.id, commit, rootFolder: structure.root(), files: structure.files, totalSize: structure.totalSize, now: deps.now() });
    deps.folders.recordSharedContents();
  });
  return listed;
}

/** Entries held before the folders sealed so far are written (one transaction each time). */
const WRITE_EVERY_ENTRIES = 20_000;

/** A folder sealed by the streaming builder: its id once written. */
interface PendingFolder {
  id: number | undefined;
}

/** The streaming builder's sink: keeps sealed folders until `write` stores them, each unless an equal one is stored already. */
class FolderWriter {
  private pending: Array<{ digest: string; entries: SealedEntries<PendingFolder>; folder: PendingFolder }> = [];
  pendingEntries = 0;

  constructor(private readonly folders: CatalogFoldersTable) {}

  readonly sink = (digest: string, entries: SealedEntries<PendingFolder>): PendingFolder => {
    const folder: PendingFolder = { id: undefined };
    this.pending.push({ digest, entries, folder });
    this.pendingEntries += entries.length;
    return folder;
  };

  /** Stores the folders sealed since the last time (subfolders first, as they were sealed); the caller runs it inside its transaction. */
  write(): void {
    for (const { digest, entries, folder } of this.pending) {
      folder.id = this.folders.idOf(digest) ?? this.folders.insert(digest, entries.map(([name, entry]) => entryRow(name, entry, this)));
    }
    this.discard();
  }

  /** Forgets the folders not written yet. */
  discard(): void {
    this.pending = [];
    this.pendingEntries = 0;
  }

  idOf(folder: PendingFolder): number {
    if (folder.id === undefined) throw new Error('a folder was referred to before it was written');
    return folder.id;
  }
}

function entryRow(name: string, entry: StructureFile | SealedFolder<PendingFolder>, writer: FolderWriter): CatalogEntryRow {
  if (entry.kind === 'sealed') return { name, child: writer.idOf(entry.ref), size: null, oid: entry.oid ?? null, lfs_sha256: null, lfs_size: null };
  return { name, child: null, size: entry.size, oid: entry.oid, lfs_sha256: entry.lfs?.sha256 ?? null, lfs_size: entry.lfs?.size ?? null };
}

/** The commit a repo is shown at: its tracked revision's, or with all refs main's (else the first ref's). */
function mainCommit(row: CatalogRepoRow, refs: ReadonlyMap<string, string>): string | null {
  return refs.get(row.revision) ?? (row.revision === ALL_REFS ? (refs.get('main') ?? refs.get([...refs.keys()].sort()[0] ?? '')) : undefined) ?? null;
}

/** Stores a folder unless an equal one is stored already (then its whole subtree is too). */
export function storeFolder(folders: CatalogFoldersTable, folder: StructureFolder): number {
  const existing = folders.idOf(folder.digest);
  if (existing !== undefined) return existing;
  const rows: CatalogEntryRow[] = [];
  for (const [name, entry] of folder.entries) {
    if (entry.kind === 'folder') {
      rows.push({ name, child: storeFolder(folders, entry), size: null, oid: entry.oid ?? null, lfs_sha256: null, lfs_size: null });
    } else {
      rows.push({ name, child: null, size: entry.size, oid: entry.oid, lfs_sha256: entry.lfs?.sha256 ?? null, lfs_size: entry.lfs?.size ?? null });
    }
  }
  return folders.insert(folder.digest, rows);
}
