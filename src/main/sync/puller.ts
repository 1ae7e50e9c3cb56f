import { join } from 'node:path';
import type { PullPreview } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { CacheLayout } from '../cache/index.js';
import type { TokenLookup } from '../credentials/index.js';
import type { ShareMethod } from '../files/index.js';
import { createSyncPullsTable, type Db, type SyncPullsTable } from '../db/index.js';
import { createPathFilter } from '../download/index.js';
import type { Author, CommitOperation, FileEntryInfo, RepoRecord, Store } from '../store/index.js';
import { SMALL_FILE_MAX_BYTES, runLimited, type BlobFetcher } from '../transfer/index.js';
import { HubApi, type RemoteCommit, type RemoteFileEntry, type RemoteRefs, type RemoteTreeEntry, type UpstreamClient } from '../upstream/index.js';
import { ContentFinder, type PulledContent, type RemoteRevision } from './pull-content.js';
import { isFiltered, localRepoOf, type PullSpec } from './pull-spec.js';
import { isGitListing, treeMismatches } from './tree-check.js';

export type { PullPreview } from '../../shared/app-api.js';

export interface PullerOptions {
  readonly store: Store;
  readonly db: Db;
  readonly dataDir: string;
  readonly cache: CacheLayout;
  readonly client: UpstreamClient;
  readonly fetcher: BlobFetcher;
  readonly tokens: TokenLookup;
  readonly now?: () => number;
}

export interface PullProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Bytes of the files fetched from the remote so far, and of all the files to fetch. */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** With --history: remote commits replayed so far, and to replay. */
  readonly commitsDone?: number;
  readonly commitsTotal?: number;
}

export interface PullCall {
  /** A token given for this pull; else the one saved for the hub. */
  readonly token?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PullProgress) => void;
}

export interface PullResult {
  readonly repo: string;
  readonly localCommit: string;
  readonly remoteCommit: string;
  readonly filesTransferred: number;
  readonly bytesTransferred: number;
  /** Files of the pulled tree whose bytes were not fetched: already in the local repo, the hub store or the HF cache. */
  readonly filesReused: number;
  /** Of those, files taken from the HF cache. */
  readonly filesFromCache: number;
  /** How the store holds the bytes it took from the HF cache: shared with it (reflink, hardlink) or a copy. */
  readonly cacheShare?: ShareMethod;
  /** False when nothing changed since the last pull: no commit was made. */
  readonly committed: boolean;
  /** True when every folder's tree oid and the root's equal the remote's. */
  readonly treeMatchesRemote: boolean;
  /** With --history: the local commits made, one per new remote commit (oldest first). */
  readonly commits?: readonly CommitMapping[];
  /** With --all-refs: what happened to each remote branch and tag. */
  readonly refs?: RefsOutcome;
  readonly note?: string;
}

/** A remote commit and the local commit mirroring it. */
export interface CommitMapping {
  readonly remote: string;
  readonly local: string;
  readonly title: string;
}

export interface BranchOutcome {
  readonly name: string;
  readonly localCommit: string;
  readonly remoteCommit: string;
  readonly committed: boolean;
  readonly commits: number;
}

export interface TagOutcome {
  readonly name: string;
  readonly remoteCommit: string;
  /** The local commit the tag is on, when it is on one. */
  readonly localCommit: string | null;
  /** created; unchanged (already there); kept (the local tag points elsewhere: never moved); unmapped (its commit was not pulled: use --history). */
  readonly status: 'created' | 'unchanged' | 'kept' | 'unmapped';
}

export interface RefsOutcome {
  readonly branches: readonly BranchOutcome[];
  readonly tags: readonly TagOutcome[];
  /** Local branches pulled from this remote whose remote branch is gone: reported, never deleted. */
  readonly remoteDeletedBranches: readonly string[];
}

/** Title, message, author and date of a remote commit a history pull replays. */
interface CommitMeta {
  readonly title: string;
  readonly description: string;
  readonly author: Author;
  readonly date: number;
}

interface PullTarget {
  readonly spec: PullSpec;
  readonly token: string | undefined;
  readonly isPrivate: boolean;
  readonly branch: string;
}

const PULL_AUTHOR: Author = { name: 'HubKeeper pull', email: 'pull@hubkeeper.invalid' };
const FILES_AT_ONCE = 8;
/** Of those, large files (ranged transfers, each with its connections and buffers) at once at most. */
const LARGE_FILES_AT_ONCE = 2;
/** Folder listings a re-pull makes one level at a time before it lists what is left recursively. */
const LISTINGS_PER_PULL = 32;
const GITATTRIBUTES = '.gitattributes';
const PREVIEW_FILES = 200;

const ZERO_TOTALS = { filesTransferred: 0, bytesTransferred: 0, filesReused: 0, filesFromCache: 0 };

/**
 * Mirrors remote revisions into a local repo: lists the remote tree, brings only the bytes the
 * local side lacks, and writes a commit whose tree equals the remote's (asserted inside the
 * commit's transaction: a mismatch rolls the commit back). Rerunning after an interruption reuses
 * what was fetched; rerunning when nothing changed moves no bytes and makes no commit. With
 * `history` each new remote commit becomes one local commit; with `allRefs` every branch and tag.
 */
export class Puller {
  private readonly pulls: SyncPullsTable;
  private readonly now: () => number;

  constructor(private readonly options: PullerOptions) {
    this.pulls = createSyncPullsTable(options.db);
    this.now = options.now ?? Date.now;
  }

  /** One revision, its history (`spec.history`), or every branch and tag (`spec.allRefs`). */
  async pull(spec: PullSpec, call: PullCall = {}): Promise<PullResult> {
    // A subset's commits map to no remote commit, so a rerun could not tell where the history stopped.
    if (spec.history && isFiltered(spec)) throw new AppError('BadRequest', '--history mirrors whole trees: leave out --include and --exclude');
    if (spec.allRefs) return this.pullAllRefs(spec, call);
    const token = call.token ?? this.options.tokens(spec.endpoint);
    const api = this.api(spec, token);
    const info = await this.remoteHead(api, spec, token, call.signal);
    const target: PullTarget = { spec, token, isPrivate: info.isPrivate, branch: localBranchOf(spec.revision) };
    return spec.history ? this.pullHistory(api, target, info.commit, call) : this.pullRevision(api, target, info.commit, undefined, call);
  }

  /** What `pull` would move now: the remote head's tree against the local branch head. */
  async preview(spec: PullSpec, call: Pick<PullCall, 'token' | 'signal'> = {}): Promise<PullPreview> {
    const token = call.token ?? this.options.tokens(spec.endpoint);
    const api = this.api(spec, token);
    const { commit } = await this.remoteHead(api, spec, token, call.signal);
    const files = this.wantedFiles(spec, await this.listRemoteTree(api, spec, commit, call.signal));
    const local = localRepoOf(spec);
    const existing = this.options.store.findRepo(local.type, local.namespace, local.name);
    const branch = localBranchOf(spec.revision);
    const localCommit = existing && this.options.store.hasBranch(existing.id, branch) ? this.options.store.resolveRevision(existing.id, branch) : null;
    const head = existing ? this.headFiles(existing, branch) : new Map<string, FileEntryInfo>();
    const changed = files.filter((entry) => head.get(entry.path)?.oid !== entry.oid);
    const kept = new Set(files.map((entry) => entry.path));
    const removed = [...head.keys()].filter((path) => !kept.has(path));
    const checked = await Promise.all(changed.map(async (entry) => ({ path: entry.path, size: entry.size, fetch: !(await this.storeHas(entry)) })));
    const toFetch = checked.filter((file) => file.fetch);
    let newCommits: number | undefined;
    if (spec.history) {
      const commits = await this.remoteCommits(api, spec, commit, call.signal);
      newCommits = commits.length - (existing ? this.mappedUpTo(existing.id, spec, commits) : 0);
    }
    return {
      repo: `${local.namespace}/${local.name}`,
      remoteCommit: commit,
      localCommit,
      upToDate: localCommit !== null && changed.length === 0 && removed.length === 0 && (newCommits ?? 0) === 0,
      filesChanged: changed.length,
      filesRemoved: removed.length,
      filesToFetch: toFetch.length,
      bytesToFetch: toFetch.reduce((sum, file) => sum + file.size, 0),
      files: checked.slice(0, PREVIEW_FILES),
      ...(newCommits === undefined ? {} : { newCommits }),
    };
  }

  /** The last pull into a local repo (remote commit ↔ local commit), if any. */
  lastPull(repoId: number) {
    return this.pulls.latest(repoId);
  }

  /** The newest pull of each remote revision linked to a repo. */
  links(repoId: number) {
    return this.pulls.links(repoId);
  }

  /**
   * Replays the remote commits after the newest one already mirrored (all of them the first
   * time), oldest first, each as one local commit with its title, message, first author and date.
   */
  private async pullHistory(api: HubApi, target: PullTarget, head: string, call: PullCall): Promise<PullResult> {
    const { spec, branch } = target;
    const commits = await this.remoteCommits(api, spec, head, call.signal);
    const local = localRepoOf(spec);
    const existing = this.options.store.findRepo(local.type, local.namespace, local.name);
    const start = existing ? this.mappedUpTo(existing.id, spec, commits) : 0;
    const base = start > 0 && existing ? this.pulls.forRemoteCommit(existing.id, spec.endpoint, spec.repo, (commits[start - 1] as RemoteCommit).id)?.local_commit : undefined;
    if (existing && base !== undefined && !this.options.store.hasBranch(existing.id, branch)) this.options.store.createBranch(existing.id, branch, base);
    const pending = commits.slice(start);
    if (pending.length === 0) {
      const localCommit = existing && this.options.store.hasBranch(existing.id, branch) ? this.options.store.resolveRevision(existing.id, branch) : (base ?? '');
      return { repo: `${local.namespace}/${local.name}`, localCommit, remoteCommit: head, ...ZERO_TOTALS, committed: false, treeMatchesRemote: !isFiltered(spec), commits: [] };
    }
    const made: CommitMapping[] = [];
    let totals = { ...ZERO_TOTALS };
    let last: PullResult | undefined;
    for (const [index, commit] of pending.entries()) {
      const step = await this.pullRevision(api, target, commit.id, metaOf(commit, spec.endpoint), {
        ...call,
        onProgress: (progress) => call.onProgress?.({ ...progress, commitsDone: index, commitsTotal: pending.length }),
      });
      if (step.committed) made.push({ remote: commit.id, local: step.localCommit, title: commit.title });
      totals = {
        filesTransferred: totals.filesTransferred + step.filesTransferred,
        bytesTransferred: totals.bytesTransferred + step.bytesTransferred,
        filesReused: step.filesReused,
        filesFromCache: totals.filesFromCache + step.filesFromCache,
      };
      last = step;
    }
    const final = last as PullResult;
    return { ...final, ...totals, committed: made.length > 0, commits: made };
  }

  /** Every remote branch (main first, so other branches start from its mirrored commits), then the tags on the commits mirrored. */
  private async pullAllRefs(spec: PullSpec, call: PullCall): Promise<PullResult> {
    const token = call.token ?? this.options.tokens(spec.endpoint);
    const api = this.api(spec, token);
    const refs = await api.listRefs(spec.repoType, spec.repo, call.signal).catch((error: unknown) => {
      throw explainRefusal(error, spec, token);
    });
    const branches = [...refs.branches].sort((a, b) => Number(b.name === DEFAULT_BRANCH) - Number(a.name === DEFAULT_BRANCH) || a.name.localeCompare(b.name));
    const outcomes: BranchOutcome[] = [];
    let main: PullResult | undefined;
    let totals = { ...ZERO_TOTALS };
    for (const remoteBranch of branches) {
      const result = await this.pull({ ...spec, allRefs: false, revision: remoteBranch.name }, { ...call, ...(token === undefined ? {} : { token }) });
      main ??= result;
      outcomes.push({ name: remoteBranch.name, localCommit: result.localCommit, remoteCommit: result.remoteCommit, committed: result.committed, commits: result.commits?.length ?? (result.committed ? 1 : 0) });
      totals = {
        filesTransferred: totals.filesTransferred + result.filesTransferred,
        bytesTransferred: totals.bytesTransferred + result.bytesTransferred,
        filesReused: totals.filesReused + result.filesReused,
        filesFromCache: totals.filesFromCache + result.filesFromCache,
      };
    }
    const local = localRepoOf(spec);
    const repo = this.options.store.findRepo(local.type, local.namespace, local.name);
    const tags = repo ? this.mirrorTags(repo, spec, refs.tags) : [];
    const remoteNames = new Set(branches.map((branch) => branch.name));
    const remoteDeletedBranches = repo
      ? [...new Set(this.pulls.links(repo.id).filter((link) => link.remote_endpoint === spec.endpoint && link.remote_repo === spec.repo).map((link) => link.revision))]
          .filter((name) => !remoteNames.has(name) && !/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(name) && this.options.store.hasBranch(repo.id, name))
      : [];
    const localName = `${local.namespace}/${local.name}`;
    return {
      repo: localName,
      localCommit: main?.localCommit ?? '',
      remoteCommit: main?.remoteCommit ?? '',
      ...totals,
      committed: outcomes.some((outcome) => outcome.committed) || tags.some((tag) => tag.status === 'created'),
      treeMatchesRemote: main?.treeMatchesRemote ?? false,
      refs: { branches: outcomes, tags, remoteDeletedBranches },
      ...(main?.note === undefined ? {} : { note: main.note }),
    };
  }

  /** Creates each remote tag on the local commit mirroring its target; a local tag is never moved. */
  private mirrorTags(repo: RepoRecord, spec: PullSpec, tags: RemoteRefs['tags']): TagOutcome[] {
    const { store } = this.options;
    const localTags = new Map(store.listRefs(repo.id).tags.map((tag) => [tag.name, tag.commit]));
    return tags.map((tag): TagOutcome => {
      const mapped = this.pulls.forRemoteCommit(repo.id, spec.endpoint, spec.repo, tag.targetCommit)?.local_commit;
      const base = { name: tag.name, remoteCommit: tag.targetCommit };
      const current = localTags.get(tag.name);
      if (current !== undefined) return { ...base, localCommit: current, status: current === mapped ? 'unchanged' : 'kept' };
      if (mapped === undefined) return { ...base, localCommit: null, status: 'unmapped' };
      store.createTag(repo.id, tag.name, mapped);
      return { ...base, localCommit: mapped, status: 'created' };
    });
  }

  /** One remote commit's tree as one local commit on `target.branch` (with the remote's metadata when `meta` is given). */
  private async pullRevision(api: HubApi, target: PullTarget, remoteCommit: string, meta: CommitMeta | undefined, call: PullCall): Promise<PullResult> {
    const { spec, branch } = target;
    const signal = call.signal ?? new AbortController().signal;
    const local = localRepoOf(spec);
    const localName = `${local.namespace}/${local.name}`;
    const remote: RemoteRevision = { endpoint: spec.endpoint, token: target.token, repoType: spec.repoType, repo: spec.repo, commit: remoteCommit };
    const filtered = isFiltered(spec);
    const existing = this.options.store.findRepo(local.type, local.namespace, local.name);
    const localHead = existing && this.options.store.hasBranch(existing.id, branch) ? this.options.store.resolveRevision(existing.id, branch) : undefined;
    const { listing, sameFolders } = filtered || localHead === undefined
      ? { listing: await this.listRemoteTree(api, spec, remoteCommit, signal), sameFolders: [] }
      : await this.listChangedFolders(api, spec, remoteCommit, localHead, signal);
    const files = this.wantedFiles(spec, listing);
    const checkTrees = !filtered && isGitListing(listing);

    const head = existing ? this.headFiles(existing, branch) : new Map<string, FileEntryInfo>();
    const finder = new ContentFinder({ ...this.options, stagingDir: join(this.options.dataDir, 'sync-staging') });
    const changed = files.filter((entry) => !finder.holds(head.get(entry.path), entry));
    const kept = new Set(files.map((entry) => entry.path));
    // Files in folders whose tree oid equals the remote's are the remote's files: kept as they are.
    const inSameFolder = (path: string): boolean => sameFolders.some((folder) => path.startsWith(`${folder}/`));
    const removed = [...head.keys()].filter((path) => !kept.has(path) && !inSameFolder(path));
    const filesInTree = files.length + (sameFolders.length === 0 ? 0 : [...head.keys()].filter(inSameFolder).length);

    let pulled: PulledContent[];
    try {
      pulled = await this.bringContent(finder, remote, changed, signal, call.onProgress);
    } finally {
      finder.persist();
    }
    const fetched = pulled.filter((content) => content.origin === 'remote');
    const bytesTransferred = fetched.reduce((sum, content) => sum + content.fetchedBytes, 0);
    const cacheShare = await finder.shareMethod(pulled);
    const record = (repoId: number, localCommit: string): void =>
      this.pulls.record({
        repo_id: repoId, remote_endpoint: spec.endpoint, remote_type: spec.repoType, remote_repo: spec.repo, revision: spec.revision,
        remote_commit: remoteCommit, local_commit: localCommit, filtered: filtered ? 1 : 0, pulled_at: this.now(),
      });
    const outcome = (localCommit: string, committed: boolean): PullResult => ({
      repo: localName,
      localCommit,
      remoteCommit,
      filesTransferred: fetched.length,
      bytesTransferred,
      filesReused: filesInTree - fetched.length,
      filesFromCache: pulled.filter((content) => content.origin === 'cache').length,
      ...(cacheShare === undefined ? {} : { cacheShare }),
      committed,
      treeMatchesRemote: checkTrees,
      ...(filtered ? { note: "filtered by --include/--exclude: the local tree holds a subset of the remote tree, so its oids differ from the remote's" } : {}),
    });
    const unchanged = (repoId: number, localHead: string): PullResult => {
      // A remote commit that changes nothing here maps onto the head: a rerun then starts after it.
      if (this.pulls.forRemoteCommit(repoId, spec.endpoint, spec.repo, remoteCommit)?.local_commit !== localHead) record(repoId, localHead);
      return outcome(localHead, false);
    };
    if (existing && this.options.store.hasBranch(existing.id, branch) && changed.length === 0 && removed.length === 0) {
      return unchanged(existing.id, this.options.store.resolveRevision(existing.id, branch));
    }

    signal.throwIfAborted();
    // A history's first commit gives the new repo's initial commit its author and date: a remote initial commit with the same tree maps onto it.
    const repo = existing ?? this.options.store.createRepo({ ...local, private: target.isPrivate, author: meta?.author ?? PULL_AUTHOR, ...(meta === undefined ? {} : { date: meta.date }) });
    try {
      if (!this.options.store.hasBranch(repo.id, branch)) this.options.store.createBranch(repo.id, branch, DEFAULT_BRANCH);
      this.options.store.assertQuota(repo.id, bytesTransferred);
      const commit = await this.options.store.commit({
        repoId: repo.id,
        branch,
        title: meta?.title ?? `Pull ${spec.repo}@${spec.revision} from ${spec.endpoint}`,
        description: meta?.description ?? `Remote commit: ${remoteCommit}`,
        author: meta?.author ?? PULL_AUTHOR,
        ...(meta === undefined ? {} : { date: meta.date }),
        operations: [...removed.map((path): CommitOperation => ({ type: 'delete', path })), ...pulled.map((content) => content.operation)],
        signal,
        hooks: {
          after: (made) => {
            const parentTree = made.parentOid === undefined ? undefined : this.options.store.getCommit(made.parentOid)?.treeOid;
            if (parentTree === made.treeOid) throw new UnchangedTree(made.parentOid as string);
            if (checkTrees) this.assertSameTrees(listing, made.commitOid, made.treeOid, localName);
            record(repo.id, made.commitOid);
          },
        },
      });
      await finder.clearStaging();
      return outcome(commit.commitOid, true);
    } catch (error) {
      // The store's rules (e.g. .gitattributes covering LFS paths) gave back the tree the branch has: no commit.
      if (error instanceof UnchangedTree) return unchanged(repo.id, error.head);
      // A repo this pull created goes again with the refused commit: nothing of a failed pull stays visible.
      if (!existing) this.options.store.deleteRepo(repo.id);
      throw error;
    }
  }

  private api(spec: PullSpec, token: string | undefined): HubApi {
    return new HubApi(this.options.client, { endpoint: spec.endpoint, ...(token === undefined ? {} : { token }) });
  }

  /** The commit the revision is on the remote, and whether the repo is private. */
  private async remoteHead(api: HubApi, spec: PullSpec, token: string | undefined, signal: AbortSignal | undefined): Promise<{ commit: string; isPrivate: boolean }> {
    const info = await api.repoInfo(spec.repoType, spec.repo, { revision: spec.revision, ...(signal ? { signal } : {}) }).catch((error: unknown) => {
      throw explainRefusal(error, spec, token);
    });
    if (info.sha === undefined) throw new AppError('UpstreamUnavailable', `${spec.endpoint} did not say which commit ${spec.revision} of ${spec.repo} is`);
    return { commit: info.sha, isPrivate: info.private === true };
  }

  /** A remote commit's whole tree (folders with their oids). */
  private async listRemoteTree(api: HubApi, spec: PullSpec, commit: string, signal: AbortSignal | undefined): Promise<RemoteTreeEntry[]> {
    const listing: RemoteTreeEntry[] = [];
    for await (const entry of api.listTree(spec.repoType, spec.repo, commit, { recursive: true, ...(signal ? { signal } : {}) })) listing.push(entry);
    return listing;
  }

  /**
   * The remote tree as far as it differs from the local head: the root's entries, then only the
   * folders whose tree oid differs from the local folder's, one level at a time (a re-pull after
   * one changed file lists a few folders, not the whole repo). `sameFolders` are the folders left
   * out because their oids are equal: every file in them is the remote's already. A hub that does
   * not name folders by git oids (KohakuHub) is listed whole; so are the folders left once
   * LISTINGS_PER_PULL requests are made (recursively, one request each).
   */
  private async listChangedFolders(
    api: HubApi,
    spec: PullSpec,
    commit: string,
    localHead: string,
    signal: AbortSignal | undefined,
  ): Promise<{ listing: RemoteTreeEntry[]; sameFolders: string[] }> {
    const list = async (path: string, recursive: boolean): Promise<RemoteTreeEntry[]> => {
      const entries: RemoteTreeEntry[] = [];
      for await (const entry of api.listTree(spec.repoType, spec.repo, commit, { path, recursive, ...(signal ? { signal } : {}) })) entries.push(entry);
      return entries;
    };
    const root = await list('', false);
    if (!isGitListing(root)) return { listing: await this.listRemoteTree(api, spec, commit, signal), sameFolders: [] };
    const listing: RemoteTreeEntry[] = [...root];
    const sameFolders: string[] = [];
    let requests = 1;
    const visit = async (entries: readonly RemoteTreeEntry[]): Promise<void> => {
      for (const folder of entries) {
        if (folder.type !== 'directory') continue;
        const local = this.options.store.getEntry(localHead, folder.path);
        if (local?.type === 'directory' && local.oid === folder.oid) {
          sameFolders.push(folder.path);
          continue;
        }
        const recursive = requests++ >= LISTINGS_PER_PULL;
        const inside = await list(folder.path, recursive);
        listing.push(...inside);
        if (!recursive) await visit(inside);
      }
    };
    await visit(root);
    return { listing, sameFolders };
  }

  /** The remote's history up to `head`, oldest first (a merge's side commits come in the remote's list order: the history is made linear). */
  private async remoteCommits(api: HubApi, spec: PullSpec, head: string, signal: AbortSignal | undefined): Promise<RemoteCommit[]> {
    const commits: RemoteCommit[] = [];
    for await (const commit of api.listCommits(spec.repoType, spec.repo, head, signal)) commits.push(commit);
    return commits.reverse();
  }

  /** How many of the remote's commits (oldest first) are mirrored already: up to and including the newest one mapped. */
  private mappedUpTo(repoId: number, spec: PullSpec, commits: readonly RemoteCommit[]): number {
    if (isFiltered(spec)) return 0;
    for (let index = commits.length - 1; index >= 0; index--) {
      if (this.pulls.forRemoteCommit(repoId, spec.endpoint, spec.repo, (commits[index] as RemoteCommit).id)) return index + 1;
    }
    return 0;
  }

  /** The listing's files the spec selects; a subset keeps the remote's .gitattributes, which says which files are LFS. */
  private wantedFiles(spec: PullSpec, listing: readonly RemoteTreeEntry[]): RemoteFileEntry[] {
    const wanted = createPathFilter({ allowPatterns: spec.include, ignorePatterns: spec.exclude });
    return listing.filter((entry): entry is RemoteFileEntry => entry.type === 'file' && (wanted(entry.path) || entry.path === GITATTRIBUTES));
  }

  private async storeHas(entry: RemoteFileEntry): Promise<boolean> {
    if (entry.lfs) return (await this.options.store.blobs.size(entry.lfs.oid)) === entry.lfs.size;
    return this.options.store.locateBlob(entry.oid) !== undefined;
  }

  private headFiles(repo: RepoRecord, branch: string): Map<string, FileEntryInfo> {
    const files = new Map<string, FileEntryInfo>();
    if (!this.options.store.hasBranch(repo.id, branch)) return files;
    const head = this.options.store.resolveRevision(repo.id, branch);
    for (const entry of this.options.store.listTree(head, '', { recursive: true })) {
      if (entry.type === 'file') files.set(entry.path, entry);
    }
    return files;
  }

  private async bringContent(
    finder: ContentFinder,
    remote: RemoteRevision,
    changed: readonly RemoteFileEntry[],
    signal: AbortSignal,
    onProgress: PullCall['onProgress'],
  ): Promise<PulledContent[]> {
    const results = new Map<string, PulledContent>();
    const bytesTotal = changed.reduce((sum, entry) => sum + entry.size, 0);
    const done = new Map<string, number>();
    let bytesDone = 0;
    const report = (): void => onProgress?.({ filesDone: results.size, filesTotal: changed.length, bytesDone, bytesTotal });
    report();
    const bring = async (entry: RemoteFileEntry, taskSignal: AbortSignal): Promise<void> => {
      const content = await finder.find(remote, entry, taskSignal, (bytes) => {
        bytesDone += bytes - (done.get(entry.path) ?? 0);
        done.set(entry.path, bytes);
        report();
      });
      bytesDone += entry.size - (done.get(entry.path) ?? 0);
      done.set(entry.path, entry.size);
      results.set(entry.path, content);
      report();
    };
    // Large files (largest first) take at most LARGE_FILES_AT_ONCE lanes, each with its ranged
    // connections and their buffers; small files go through the other lanes meanwhile.
    const large = changed.filter((entry) => entry.size > SMALL_FILE_MAX_BYTES).sort((a, b) => b.size - a.size);
    const small = changed.filter((entry) => entry.size <= SMALL_FILE_MAX_BYTES);
    const largeLanes = Math.min(LARGE_FILES_AT_ONCE, large.length);
    const both = new AbortController();
    const forward = (): void => both.abort(signal.reason);
    if (signal.aborted) forward();
    signal.addEventListener('abort', forward, { once: true });
    const lane = (entries: readonly RemoteFileEntry[], limit: number): Promise<void> =>
      runLimited(entries, limit, both.signal, bring).catch((error: unknown) => {
        both.abort(error);
        throw error;
      });
    try {
      const outcomes = await Promise.allSettled([lane(large, largeLanes), lane(small, FILES_AT_ONCE - largeLanes)]);
      const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failed) throw signal.aborted ? signal.reason : failed.reason;
    } finally {
      signal.removeEventListener('abort', forward);
    }
    return changed.map((entry) => results.get(entry.path) as PulledContent);
  }

  /** Throws (rolling the commit back) unless every folder's tree oid and the root's equal the remote's. */
  private assertSameTrees(listing: readonly RemoteTreeEntry[], commitOid: string, treeOid: string, repo: string): void {
    const mismatches = treeMismatches(listing, treeOid, (path) => {
      const entry = this.options.store.getEntry(commitOid, path);
      return entry?.type === 'directory' ? entry.oid : undefined;
    });
    const first = mismatches[0];
    if (first === undefined) return;
    throw new AppError(
      'IntegrityError',
      `The pulled tree of ${repo} differs from the remote's at "${first.path || '/'}" (${mismatches.length} folder${mismatches.length === 1 ? '' : 's'}): nothing was committed`,
    );
  }
}

/** A hub hides private repos from callers who may not read them: say what to check. */
function explainRefusal(error: unknown, spec: PullSpec, token: string | undefined): unknown {
  if (!(error instanceof AppError) || (error.status !== 401 && error.code !== 'RepoNotFound')) return error;
  const hint = token === undefined ? 'it is private: give a token with --token, or save one with hubkeeper remote add' : 'the token was refused or may not read it';
  return new AppError(error.code, `${spec.repo} was not found on ${spec.endpoint}, or ${hint} (${error.message})`, {}, { cause: error, status: error.status });
}

/** A remote commit's title, message, first author and date, for its local mirror. */
function metaOf(commit: RemoteCommit, endpoint: string): CommitMeta {
  const user = commit.authors[0]?.user ?? 'unknown';
  const date = Date.parse(commit.date);
  return {
    title: commit.title.trim() === '' ? `Commit ${commit.id}` : commit.title,
    description: commit.message,
    author: { name: user, email: `${user}@users.noreply.${hostOf(endpoint)}` },
    date: Number.isFinite(date) ? date : Date.now(),
  };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).hostname;
  } catch {
    return 'remote.invalid';
  }
}

/** A branch name pulls into the local branch of that name; a commit id or the default into main. */
function localBranchOf(revision: string): string {
  return /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(revision) ? DEFAULT_BRANCH : revision;
}

/** Thrown inside the commit's transaction (rolling it back) when the new tree is the head's. */
class UnchangedTree extends Error {
  constructor(readonly head: string) {
    super('The pulled tree equals the branch head');
  }
}
