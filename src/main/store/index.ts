import { AppError } from '../../shared/errors.js';
import { commitMessage, isOid } from '../../shared/git-objects.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH, TAG_PREFIX, checkRefName } from '../../shared/ref-name.js';
import { makeRepoId, type RepoType } from '../../shared/repo-id.js';
import { isSha256 } from '../../shared/lfs-pointer.js';
import { normalizeFolderPath } from '../../shared/repo-path.js';
import { probeShareMethod, type ShareMethod } from '../files/index.js';
import { createGitObjectsTable, type Db, createRefsTable, createReposTable, ReadCache, createLfsObjectsQueries } from '../db/index.js';
import { BlobStore } from './blob-store.js';
import { locateBlob, type BlobBytes } from './blob-reader.js';
import { buildCommit, writeCommit, type Author, type CommitRequest, type CommitResult } from './commit-builder.js';
import { ContentStager } from './content-staging.js';
import { collectGarbage, type GcReport } from './garbage-collector.js';
import { PushHold } from './push-hold.js';
import { checkIntegrity, type IntegrityReport } from './integrity-check.js';
import { getCommitInfo, walkHistory, type CommitInfo } from './history.js';
import { LastCommitIndex } from './last-commit.js';
import { DEFAULT_GITATTRIBUTES, DEFAULT_LFS_THRESHOLD, GitAttributes, GitAttributesCache } from './lfs-rules.js';
import { toRepoRecord, type RepoRecord } from './repo-record.js';
import { updateRepoSettings, type RepoSettingsUpdate } from './repo-settings.js';
import { resolveRevision } from './revisions.js';
import { RepoManagement } from './repo-management.js';
import { readRepoOptions, updateRepoOptions, type RepoOptions, type RepoOptionsUpdate } from './repo-options.js';
import { searchRepos, type RepoSearchPage, type RepoSearchQuery } from './repo-search.js';
import type { FolderStats } from './folder-stats.js';
import type { QuotaStatus } from './quotas.js';
import { writeBranch, type BranchOptions } from './branch-writer.js';
import { readFileAtCommit } from './commit-builder.js';
import { UploadStaging } from './upload-staging.js';
import type { StoreContext } from './store-context.js';
import { TreeEditor } from './tree-editor.js';
import { findEntry, listEntries, type EntryInfo } from './tree-reader.js';
import { Discussions, pullRequestNumOf } from './discussions.js';
import { AccessRequests } from './access-requests.js';
import { Collections } from './collections.js';
import { Likes } from './likes.js';
import { deleteLfsFiles, listLfsFiles, type LfsDeletion, type LfsFile } from './lfs-files.js';
import { refNameOf } from './commit-builder.js';
import { RefEvents, notifyingRefs, type RefsListener } from './ref-events.js';
import { createAnnotatedTags } from './annotated-tags.js';
import { LfsLocks } from './lfs-locks.js';
import { GitImport, applyRefUpdates, type GitImportOptions, type PushedRefUpdate, type RefUpdateOutcome } from './git-import.js';

export type { RefsListener, RepoName } from './ref-events.js';
export type { GitImport, GitImportOptions, PushedRefUpdate, RefUpdateOutcome } from './git-import.js';
export type { PushHold } from './push-hold.js';
export type { Author, CommitHooks, CommitOperation, CommitRequest, CommitResult } from './commit-builder.js';
export {
  Discussions, MAX_COMMENT_LENGTH, MAX_DISCUSSION_TITLE, PULL_REQUEST_PREFIX, pullRequestNumOf, pullRequestRef,
  type CommentEdit, type Discussion, type DiscussionEvent, type DiscussionFilter, type DiscussionStatus, type MergeResult, type NewDiscussionInput,
} from './discussions.js';
export { AccessRequests, ACCESS_REQUEST_STATUSES, type AccessRequest, type AccessRequestStatus } from './access-requests.js';
export {
  Collections, CollectionExistsError, DEFAULT_COLLECTION_THEME, type Collection, type CollectionItem, type CollectionItemTarget, type CollectionItemUpdate,
  type CollectionListFilter, type CollectionUpdate, type NewCollection,
} from './collections.js';
export type { ContentSource } from './content-staging.js';
export type { Likes, LikedRepo } from './likes.js';
export type { LfsDeletion, LfsFile } from './lfs-files.js';
export type { BlobBytes } from './blob-reader.js';
export type { CommitInfo } from './history.js';
export type { EntryInfo, FileEntryInfo, FolderEntryInfo } from './tree-reader.js';
export type { GcReport } from './garbage-collector.js';
export type { IntegrityReport } from './integrity-check.js';
export type { GatedMode, RepoRecord } from './repo-record.js';
export type { FolderStats } from './folder-stats.js';
export type { QuotaStatus } from './quotas.js';
export type { ForcePushPolicy, RepoOptions, RepoOptionsUpdate } from './repo-options.js';
export type { LfsLock, LfsLocks } from './lfs-locks.js';
export type { RepoSettingsUpdate } from './repo-settings.js';
export { MAX_LFS_KEEP_VERSIONS } from './repo-options.js';
export { REPO_SORT_KEYS, type RepoListing, type RepoSearchPage, type RepoSearchQuery, type RepoSortKey } from './repo-search.js';
export { BlobStore, hashFileContent, type PlacedContent } from './blob-store.js';
export { gitBlobOid } from './git-hash.js';
export type { BranchOptions } from './branch-writer.js';
export { UploadStaging } from './upload-staging.js';
export {
  GitAttributes, shouldUseLfs, looksBinary, DEFAULT_LFS_THRESHOLD, MAX_REPO_LFS_THRESHOLD, MAX_LFS_SUFFIX_RULES, MAX_LFS_SUFFIX_LENGTH,
  lfsSuffixProblem,
} from './lfs-rules.js';

export interface StoreOptions {
  readonly db: Db;
  readonly dataDir: string;
  /** The default LFS threshold; a function is read on every use, so a changed setting applies at once. */
  readonly lfsThreshold?: number | (() => number);
  readonly now?: () => number;
}

export interface CreateRepoInput {
  readonly type: RepoType;
  readonly namespace: string;
  readonly name: string;
  readonly private?: boolean;
  readonly author: Author;
  /** The initial commit's time (ms since the epoch); default now. A mirrored history keeps the remote's. */
  readonly date?: number;
}

export interface RefsListing {
  readonly branches: ReadonlyArray<{ name: string; commit: string }>;
  readonly tags: ReadonlyArray<{ name: string; commit: string }>;
}

const GITATTRIBUTES_PATH = '.gitattributes';
const COMMIT_TREE_CACHE_SIZE = 4096;

/** The local hub's storage: repos, refs, git objects and blob files. */
export class Store {
  private readonly ctx: StoreContext;
  readonly blobs: BlobStore;
  /** LFS transfer state: the URL-signing key and multipart uploads. */
  readonly uploads: UploadStaging;
  private lastCommitIndex: LastCommitIndex | undefined;
  private readonly commitTrees = new Map<string, string>();
  /** The hottest reads of the HTTP routes, remembered until the database changes. */
  private readonly reads: ReadCache;
  /** Discussions and pull requests (refs/pr/N). */
  readonly discussions: Discussions;
  /** Who asked for, and who has, access to gated repos. */
  readonly accessRequests: AccessRequests;
  /** Collections of repos, owned by users and organisations. */
  readonly collections: Collections;
  /** Which users like which repos. */
  readonly likes: Likes;
  /** git-lfs file locks. */
  readonly lfsLocks: LfsLocks;
  private readonly refEvents = new RefEvents();

  constructor(options: StoreOptions) {
    this.reads = new ReadCache(options.db);
    this.blobs = new BlobStore(options.dataDir);
    this.uploads = new UploadStaging(options.dataDir, this.blobs);
    const threshold = options.lfsThreshold ?? DEFAULT_LFS_THRESHOLD;
    this.ctx = {
      db: options.db,
      objects: createGitObjectsTable(options.db),
      refs: notifyingRefs(options.db, createRefsTable(options.db), this.refEvents),
      repos: createReposTable(options.db),
      tags: createAnnotatedTags(options.db),
      blobs: this.blobs,
      get defaultLfsThreshold() {
        return typeof threshold === 'function' ? threshold() : threshold;
      },
      now: options.now ?? Date.now,
      gitAttributes: new GitAttributesCache(),
    };
    this.discussions = new Discussions(this.ctx);
    this.lfsLocks = new LfsLocks(options.db, this.ctx.now);
    this.accessRequests = new AccessRequests(this.ctx);
    this.collections = new Collections(this.ctx);
    this.likes = new Likes(this.ctx);
  }

  /**
   * Registers a listener told of every ref change (commits, branches, tags, squashes, pull
   * requests) and of repo moves and deletions, inside the transaction making the change.
   */
  onRefsChanged(listener: RefsListener): void {
    this.refEvents.add(listener);
  }

  /** Start-up recovery after a crash: SQLite replays its WAL itself; temp files of unfinished writes go. */
  recover(): { tempFilesRemoved: number } {
    return { tempFilesRemoved: this.blobs.cleanTemp() };
  }

  // ---- repos ---------------------------------------------------------------------------------

  /** Creates a repo with an initial commit holding the default .gitattributes (as HF does). */
  createRepo(input: CreateRepoInput): RepoRecord {
    const id = makeRepoId(input.type, input.namespace, input.name);
    const { ctx } = this;
    return ctx.db.transaction(() => {
      if (ctx.repos.findByName(id.type, id.namespace, id.name)) {
        throw new AppError('RepoExists', `You already created this ${id.type} repo: ${id.namespace}/${id.name}`);
      }
      const now = ctx.now();
      const repoId = ctx.repos.insert({ ...id, private: input.private ?? false, createdAt: now });
      ctx.repos.removeRedirect(id.type, id.namespace, id.name);
      const attributes = new ContentStager(ctx).stageInlineNow(new TextEncoder().encode(DEFAULT_GITATTRIBUTES));
      const editor = new TreeEditor(ctx.objects, undefined);
      editor.setFile('.gitattributes', attributes.oid);
      const tree = editor.write(now);
      const signature = { ...input.author, time: Math.floor((input.date ?? now) / 1000), timezone: '+0000' };
      const commit = writeCommit(
        ctx,
        repoId,
        { tree, parents: [], author: signature, committer: signature, message: commitMessage('initial commit') },
        now,
      );
      ctx.refs.create(repoId, BRANCH_PREFIX + DEFAULT_BRANCH, commit);
      return toRepoRecord(ctx.repos.findById(repoId) as NonNullable<ReturnType<typeof ctx.repos.findById>>);
    }).immediate();
  }

  findRepo(type: RepoType, namespace: string, name: string): RepoRecord | undefined {
    return this.reads.get(`repo ${type} ${namespace} ${name}`, () => {
      const row = this.ctx.repos.findByName(type, namespace, name);
      return row ? toRepoRecord(row) : undefined;
    });
  }

  getRepo(type: RepoType, namespace: string, name: string): RepoRecord {
    const repo = this.findRepo(type, namespace, name);
    if (!repo) throw new AppError('RepoNotFound', 'Repository not found');
    return repo;
  }

  getRepoById(id: number): RepoRecord | undefined {
    const row = this.ctx.repos.findById(id);
    return row ? toRepoRecord(row) : undefined;
  }

  /** The current record of a repo that was moved away from this name, if any. */
  findMovedRepo(type: RepoType, namespace: string, name: string): RepoRecord | undefined {
    const id = this.ctx.repos.findRedirect(type, namespace, name);
    return id === undefined ? undefined : this.getRepoById(id);
  }

  listRepos(): RepoRecord[] {
    return this.ctx.repos.list().map(toRepoRecord);
  }

  /** Deletes a repo's name and refs; its objects become garbage unless other repos share them. */
  deleteRepo(repoId: number): void {
    const { ctx } = this;
    ctx.db.transaction(() => {
      const repo = this.getRepoById(repoId);
      ctx.repos.remove(repoId);
      if (repo) this.refEvents.repoDeleted(repo);
    }).immediate();
  }

  /** Renames or moves a repo: one row changes, no data moves; the old name redirects. */
  moveRepo(repoId: number, namespace: string, name: string): RepoRecord {
    const { ctx } = this;
    return ctx.db.transaction(() => {
      const current = this.getRepoById(repoId);
      if (!current) throw new AppError('RepoNotFound', 'Repository not found');
      const target = makeRepoId(current.type, namespace, name);
      const clash = ctx.repos.findByName(target.type, target.namespace, target.name);
      if (clash && clash.id !== repoId) {
        throw new AppError('RepoExists', `A ${target.type} repository called ${namespace}/${name} already exists`);
      }
      ctx.repos.rename(repoId, target.namespace, target.name, ctx.now());
      ctx.repos.removeRedirect(target.type, target.namespace, target.name);
      ctx.repos.addRedirect(current.type, current.namespace, current.name, repoId);
      this.refEvents.repoMoved(repoId, current);
      return this.getRepoById(repoId) as RepoRecord;
    }).immediate();
  }

  /** Visibility, gating and the LFS settings (threshold, keep-versions, suffix rules), all or nothing. */
  updateRepoSettings(repoId: number, update: RepoSettingsUpdate): RepoRecord {
    return updateRepoSettings(this.ctx, repoId, update);
  }

  // ---- revisions and refs ----------------------------------------------------------------------

  resolveRevision(repoId: number, revision: string): string {
    return this.reads.get(`revision ${repoId} ${revision}`, () => resolveRevision(this.ctx, repoId, revision));
  }

  hasBranch(repoId: number, branch: string): boolean {
    return this.ctx.refs.get(repoId, BRANCH_PREFIX + branch) !== undefined;
  }

  listRefs(repoId: number): RefsListing {
    const branches: Array<{ name: string; commit: string }> = [];
    const tags: Array<{ name: string; commit: string }> = [];
    for (const ref of this.ctx.refs.list(repoId)) {
      if (ref.name.startsWith(BRANCH_PREFIX)) branches.push({ name: ref.name.slice(BRANCH_PREFIX.length), commit: ref.commit_oid });
      else if (ref.name.startsWith(TAG_PREFIX)) tags.push({ name: ref.name.slice(TAG_PREFIX.length), commit: ref.commit_oid });
    }
    return { branches, tags };
  }

  createBranch(repoId: number, branch: string, fromRevision: string = DEFAULT_BRANCH): string {
    return this.createRef(repoId, 'branch', branch, fromRevision);
  }

  createTag(repoId: number, tag: string, revision: string = DEFAULT_BRANCH): string {
    return this.createRef(repoId, 'tag', tag, revision);
  }

  deleteBranch(repoId: number, branch: string): void {
    if (branch === DEFAULT_BRANCH) throw new AppError('Forbidden', `Cannot delete ${BRANCH_PREFIX}${DEFAULT_BRANCH}`);
    if (!this.ctx.refs.remove(repoId, BRANCH_PREFIX + branch)) {
      throw new AppError('RevisionNotFound', `Branch "${branch}" does not exist`);
    }
  }

  /** Creates a branch from a revision or empty, or with `overwrite` moves an existing one (409 otherwise). */
  writeBranch(repoId: number, branch: string, options: BranchOptions): string {
    return writeBranch(this.ctx, repoId, branch, options);
  }

  deleteTag(repoId: number, tag: string): void {
    if (!this.ctx.refs.remove(repoId, TAG_PREFIX + tag)) throw new AppError('RevisionNotFound', `Tag "${tag}" does not exist`);
    this.ctx.tags.setRef(repoId, TAG_PREFIX + tag, undefined);
  }

  /** Tag refs that show an annotated tag object to git (ref name -> tag object id). */
  annotatedTags(repoId: number): ReadonlyMap<string, string> {
    return this.ctx.tags.ofRepo(repoId);
  }

  /** An annotated tag object: the commit it peels to and its raw body. */
  tagObject(oid: string): { readonly target: string; readonly raw: Buffer } | undefined {
    return this.ctx.tags.get(oid);
  }

  /** Moves a ref to `next` only if it still points at `expected` (false otherwise). */
  /** Every ref of a repo by full name (refs/heads/..., refs/tags/..., refs/pr/N), with its commit. */
  allRefs(repoId: number): ReadonlyArray<{ name: string; commit: string }> {
    return this.ctx.refs.list(repoId).map((ref) => ({ name: ref.name, commit: ref.commit_oid }));
  }

  /** A writer of objects received by a push (unreferenced until `applyPushRefUpdates`). */
  gitImport(options: GitImportOptions = {}): GitImport {
    return new GitImport(this.ctx, options);
  }

  /** Registers a push in progress: the garbage collector deletes nothing until it is released (see PushHold). */
  holdForPush(): PushHold {
    return PushHold.start(this.ctx);
  }

  /** A push's ref moves, compare-and-swap as API commits; `atomic` = all or nothing. */
  applyPushRefUpdates(repoId: number, updates: readonly PushedRefUpdate[], options: { readonly atomic: boolean }): RefUpdateOutcome[] {
    return applyRefUpdates(this.ctx, repoId, updates, options);
  }

  /** Whether the object database holds this object (connectivity checks of a push). */
  hasGitObject(type: 'commit' | 'tree' | 'blob', oid: string): boolean {
    const { objects } = this.ctx;
    if (type === 'commit') return objects.getCommit(oid) !== undefined;
    if (type === 'tree') return objects.hasTree(oid);
    return objects.getBlobMeta(oid) !== undefined;
  }

  /** Which of these blobs the object database holds (one query for a batch of a push's blobs). */
  storedGitBlobs(oids: readonly string[]): ReadonlySet<string> {
    return this.ctx.objects.storedBlobOids(oids);
  }

  /** A stored blob's git size and whether it is an LFS pointer. */
  gitBlobInfo(oid: string): { readonly size: number; readonly lfs: boolean } | undefined {
    const meta = this.ctx.objects.getBlobMeta(oid);
    return meta ? { size: meta.size, lfs: meta.lfs_oid !== null } : undefined;
  }

  /** The size of an LFS object in the blob store, or undefined when it was never uploaded. */
  lfsObjectSize(sha256: string): Promise<number | undefined> {
    return this.ctx.blobs.size(sha256);
  }

  compareAndSwapRef(repoId: number, refName: string, expected: string, next: string): boolean {
    return this.ctx.refs.compareAndSwap(repoId, refName, expected, next);
  }

  private createRef(repoId: number, kind: 'branch' | 'tag', name: string, revision: string): string {
    const { ctx } = this;
    return ctx.db.transaction(() => {
      // The revision is checked before the new name, as HF does (404 before 400).
      const target = resolveRevision(ctx, repoId, revision);
      checkRefName(kind, name);
      const prefix = kind === 'branch' ? BRANCH_PREFIX : TAG_PREFIX;
      if (!ctx.refs.create(repoId, prefix + name, target)) {
        throw new AppError('Conflict', `Reference ${prefix}${name} already exists`);
      }
      return target;
    }).immediate();
  }

  // ---- commits ---------------------------------------------------------------------------------

  /** A commit to a branch, or to refs/pr/N (recorded in that pull request, which must be open). */
  commit(request: CommitRequest): Promise<CommitResult> {
    const hooks = request.hooks ?? this.discussions.commitHooks(request.repoId, refNameOf(request.branch), request.author.name);
    return buildCommit(this.ctx, hooks ? { ...request, hooks } : request);
  }

  /** Rewrites a branch (or `refs/pr/N`) to a single parentless commit with the same tree (old history becomes garbage). */
  squash(repoId: number, branch: string, author: Author, title = 'Squash history'): CommitResult {
    const { ctx } = this;
    return ctx.db.transaction(() => {
      // A pull request's ref (`refs/pr/N`) squashes like a branch, as on huggingface.co.
      const refName = pullRequestNumOf(branch) === undefined ? BRANCH_PREFIX + branch : branch;
      const head = ctx.refs.get(repoId, refName);
      if (!head) throw new AppError('RevisionNotFound', `Branch "${branch}" does not exist`);
      const headCommit = getCommitInfo(ctx, head);
      if (!headCommit) throw new Error(`corrupt store: missing commit ${head}`);
      const now = ctx.now();
      const signature = { ...author, time: Math.floor(now / 1000), timezone: '+0000' };
      const commitOid = writeCommit(
        ctx,
        repoId,
        { tree: headCommit.treeOid, parents: [], author: signature, committer: signature, message: commitMessage(title) },
        now,
      );
      if (!ctx.refs.compareAndSwap(repoId, refName, head, commitOid)) {
        throw new AppError('ParentCommitMismatch', 'The branch was updated since you opened this page. Please refresh and try again.');
      }
      ctx.repos.touch(repoId, now);
      return { commitOid, treeOid: headCommit.treeOid, parentOid: undefined };
    }).immediate();
  }

  getCommit(oid: string): CommitInfo | undefined {
    return getCommitInfo(this.ctx, oid);
  }

  /** History from a commit, newest first. */
  history(commitOid: string): Generator<CommitInfo> {
    return walkHistory(this.ctx, commitOid);
  }

  /** Whether a commit belongs to a repo's history (git's "is this our object" for wants and haves). */
  repoHasCommit(repoId: number, commitOid: string): boolean {
    return this.ctx.objects.repoHasCommit(repoId, commitOid);
  }

  /** The raw serialised commit object (what `git cat-file commit` prints). */
  rawCommit(oid: string): Buffer | undefined {
    return this.ctx.objects.getCommit(oid)?.raw;
  }

  // ---- trees and files -------------------------------------------------------------------------

  /** The entry at `path` in a commit's tree, or undefined. */
  getEntry(commitOid: string, path: string): EntryInfo | undefined {
    return this.reads.get(`entry ${commitOid} ${path}`, () => findEntry(this.ctx, this.treeOf(commitOid), normalizeFolderPath(path)));
  }

  /**
   * Entries below a folder at a commit; `after` resumes after a path returned earlier (paging),
   * and `limit` caps the entries (and the rows read) for a page.
   */
  listTree(commitOid: string, path = '', options: { recursive?: boolean; after?: string; limit?: number } = {}): Generator<EntryInfo> {
    return listEntries(this.ctx, this.treeOf(commitOid), normalizeFolderPath(path), options.recursive ?? false, options.after, options.limit);
  }

  /** For each path that exists at a commit, the newest commit that changed it (HF's `lastCommit`). */
  lastCommits(commitOid: string, paths: readonly string[]): Map<string, CommitInfo> {
    this.lastCommitIndex ??= new LastCommitIndex(this.ctx);
    return this.lastCommitIndex.find(commitOid, paths);
  }

  /** The direct entries of a tree object with their sizes and LFS details, in git order. */
  listTreeObject(treeOid: string): Generator<EntryInfo> {
    return listEntries(this.ctx, treeOid, '', false);
  }

  /** Raw entries of a tree object, in git order. */
  treeEntries(treeOid: string): ReadonlyArray<{ name: string; mode: string; oid: string }> {
    return this.ctx.objects.treeEntries(treeOid);
  }

  /** The text of a file at a commit (small files such as .gitattributes), or undefined if absent. */
  readTextFile(commitOid: string, path: string): string | undefined {
    return readFileAtCommit(this.ctx, commitOid, path);
  }

  /** The parsed .gitattributes of a commit, cached by blob oid: parsing compiles a glob per line, and preupload asks for each batch of 256 files. */
  gitAttributesAt(commitOid: string): GitAttributes {
    const entry = this.getEntry(commitOid, GITATTRIBUTES_PATH);
    if (entry?.type !== 'file') return new GitAttributes('');
    return this.ctx.gitAttributes.get(entry.oid, () => this.readTextFile(commitOid, GITATTRIBUTES_PATH) ?? '');
  }

  /** The LFS size threshold that applies to a repo. */
  lfsThreshold(repo: Pick<RepoRecord, 'lfsThreshold'>): number {
    return repo.lfsThreshold ?? this.ctx.defaultLfsThreshold;
  }

  /** Which of these LFS objects (sha256) some commit of the repo references. */
  lfsObjectsReferenced(repoId: number, sha256s: readonly string[]): Set<string> {
    // Prepared once: preparing the recursive query on every LFS batch cost a statement each time.
    return (this.lfsObjects ??= createLfsObjectsQueries(this.ctx.db)).referencedBy(repoId, sha256s);
  }

  /** Every LFS object in a repo's history, newest first, with a path and a ref holding it. */
  listLfsFiles(repoId: number): LfsFile[] {
    return listLfsFiles(this.ctx, repoId);
  }

  /**
   * Permanently deletes LFS objects of a repo: with `rewriteHistory` its refs move to history
   * without the files pointing at them; the content goes unless another ref still reaches it.
   */
  deleteLfsFiles(repoId: number, sha256s: readonly string[], options: { readonly rewriteHistory: boolean }): Promise<LfsDeletion> {
    return deleteLfsFiles(this.ctx, repoId, sha256s, options);
  }

  private lfsObjects: ReturnType<typeof createLfsObjectsQueries> | undefined;

  /** Where a git blob's bytes are. */
  locateBlob(oid: string): BlobBytes | undefined {
    return locateBlob(this.ctx, oid);
  }

  /** The sha256 of a regular (non-LFS) blob's content, as stored when it was written; undefined for an LFS pointer or an unknown blob. */
  regularBlobSha256(oid: string): string | undefined {
    const row = this.ctx.objects.getBlobMeta(oid);
    return row?.lfs_oid === null ? (row.sha256 ?? undefined) : undefined;
  }

  /**
   * The blob-store file holding content with this hash (an LFS sha256 or a git blob oid) and size,
   * for others to share (the HF cache links it instead of downloading it). Small regular files
   * live in SQLite, not in files: none for them.
   */
  contentFile(hash: string, size: number): string | undefined {
    if (isSha256(hash)) return this.blobs.fileSize(hash) === size ? this.blobs.pathOf(hash) : undefined;
    if (!isOid(hash)) return undefined;
    const located = locateBlob(this.ctx, hash);
    return located?.kind === 'file' && located.size === size ? located.path : undefined;
  }

  /** How the store's files and files in `folder` (the HF cache) can hold the same bytes once: a probe of the two file systems. */
  shareMethodWith(folder: string): Promise<ShareMethod> {
    return probeShareMethod(folder, this.blobs.tempDir);
  }

  private treeOf(commitOid: string): string {
    // Commits never change, so their trees are cached: a resolve then costs no commit read.
    const cached = this.commitTrees.get(commitOid);
    if (cached !== undefined) return cached;
    const commit = this.ctx.objects.getCommit(commitOid);
    if (!commit) throw new AppError('RevisionNotFound', `Commit ${commitOid} not found`);
    if (this.commitTrees.size >= COMMIT_TREE_CACHE_SIZE) this.commitTrees.clear();
    this.commitTrees.set(commitOid, commit.tree_oid);
    return commit.tree_oid;
  }

  // ---- repo management: options, folder stats, listings, usage, quotas, downloads ---------------

  private managementServices: RepoManagement | undefined;

  private get management(): RepoManagement {
    return (this.managementServices ??= new RepoManagement(this.ctx));
  }

  /** Options kept beside a repo's settings: the LFS keep-versions policy, a Space's SDK. */
  repoOptions(repoId: number): RepoOptions {
    return readRepoOptions(this.ctx, repoId);
  }

  updateRepoOptions(repoId: number, update: RepoOptionsUpdate): RepoOptions {
    return updateRepoOptions(this.ctx, repoId, update);
  }

  /** Recursive size and file count below a folder (tree), cached per tree oid. */
  folderStats(treeOid: string): FolderStats {
    return this.management.folderStats.get(treeOid);
  }

  /** A page of repos of one type, filtered, sorted and visible to the caller. */
  searchRepos(query: RepoSearchQuery): RepoSearchPage {
    return searchRepos(this.management.search, query);
  }

  /** Bytes of unique content a repo holds (history included, expired LFS versions excluded). */
  repoUsage(repoId: number): number {
    return this.reads.get(`usage ${repoId}`, () => this.management.usage.repoBytes(repoId));
  }

  repoQuota(repoId: number): QuotaStatus {
    return this.management.quotas.repoStatus(repoId);
  }

  namespaceQuota(namespace: string): QuotaStatus {
    return this.management.quotas.namespaceStatus(namespace);
  }

  /** Sets a repo's storage limit in bytes (null: unlimited). */
  setRepoQuota(repoId: number, limit: number | null): QuotaStatus {
    this.management.quotas.setRepoLimit(repoId, limit);
    return this.repoQuota(repoId);
  }

  /** Sets a namespace's storage limit in bytes (null: unlimited). */
  setNamespaceQuota(namespace: string, limit: number | null): QuotaStatus {
    this.management.quotas.setNamespaceLimit(namespace, limit);
    return this.namespaceQuota(namespace);
  }

  /** Forgets cached usage figures; the next read recomputes them from the refs. */
  recalculateUsage(): void {
    this.management.usage.clear();
    this.reads.clear();
  }

  /**
   * Throws AppError('QuotaExceeded') (413, with a clear message) when storing `incomingBytes` of
   * new content in this repo would exceed its repo or namespace quota. Called by uploads and commits
   * before anything is stored.
   */
  assertQuota(repoId: number, incomingBytes: number): void {
    this.management.quotas.assert(repoId, incomingBytes);
  }

  /** Counts a download of a repo, once per session key per quiet window (a snapshot = one download). */
  countDownload(repoId: number, sessionKey: string): boolean {
    return this.management.downloads.count(repoId, sessionKey);
  }

  downloadCount(repoId: number): number {
    return this.reads.get(`downloads ${repoId}`, () => this.management.downloads.total(repoId));
  }

  /** Whether GC removed this LFS object under a keep-versions policy (its pointers remain in history) and it is still gone. */
  isLfsPruned(sha256: string): boolean {
    return this.management.prunedLfs.has(sha256) && !this.blobs.has(sha256);
  }

  // ---- maintenance -----------------------------------------------------------------------------

  collectGarbage(graceMs: number): Promise<GcReport> {
    return collectGarbage(this.ctx, graceMs);
  }

  /** Checks refs, objects and content files reachable from them, and the temp dir; `rehash` also re-hashes every content file. */
  checkIntegrity(options: { rehash?: boolean } = {}): Promise<IntegrityReport> {
    return checkIntegrity(this.ctx, options);
  }
}

export function createStore(options: StoreOptions): Store {
  return new Store(options);
}
