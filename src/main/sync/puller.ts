import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { CacheLayout } from '../cache/index.js';
import type { TokenLookup } from '../credentials/index.js';
import type { ShareMethod } from '../files/index.js';
import { createSyncPullsTable, type Db, type SyncPullsTable } from '../db/index.js';
import { createPathFilter } from '../download/index.js';
import type { Author, CommitOperation, FileEntryInfo, RepoRecord, Store } from '../store/index.js';
import { runLimited, type BlobFetcher } from '../transfer/index.js';
import { HubApi, type RemoteFileEntry, type RemoteTreeEntry, type UpstreamClient } from '../upstream/index.js';
import { ContentFinder, type PulledContent, type RemoteRevision } from './pull-content.js';
import { isFiltered, localRepoOf, type PullSpec } from './pull-spec.js';
import { isGitListing, treeMismatches } from './tree-check.js';

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
  readonly note?: string;
}

const PULL_AUTHOR: Author = { name: 'HubKeeper pull', email: 'pull@hubkeeper.invalid' };
const FILES_AT_ONCE = 8;
const GITATTRIBUTES = '.gitattributes';

/**
 * Mirrors one remote revision into a local repo: lists the remote tree, brings only the bytes the
 * local side lacks, and writes one commit whose tree equals the remote's (asserted inside the
 * commit's transaction: a mismatch rolls the commit back). Rerunning after an interruption reuses
 * what was fetched; rerunning when nothing changed moves no bytes and makes no commit.
 */
export class Puller {
  private readonly pulls: SyncPullsTable;
  private readonly now: () => number;

  constructor(private readonly options: PullerOptions) {
    this.pulls = createSyncPullsTable(options.db);
    this.now = options.now ?? Date.now;
  }

  async pull(spec: PullSpec, call: PullCall = {}): Promise<PullResult> {
    const signal = call.signal ?? new AbortController().signal;
    const local = localRepoOf(spec);
    const localName = `${local.namespace}/${local.name}`;
    const token = call.token ?? this.options.tokens(spec.endpoint);
    const { remote, isPrivate, listing } = await this.readRemote(spec, token, signal);
    const filtered = isFiltered(spec);
    const wanted = createPathFilter({ allowPatterns: spec.include, ignorePatterns: spec.exclude });
    // A subset keeps the remote's .gitattributes: it says which of the files are LFS.
    const files = listing.filter((entry): entry is RemoteFileEntry => entry.type === 'file' && (wanted(entry.path) || entry.path === GITATTRIBUTES));
    const checkTrees = !filtered && isGitListing(listing);
    const branch = localBranchOf(spec.revision);

    const existing = this.options.store.findRepo(local.type, local.namespace, local.name);
    const head = existing ? this.headFiles(existing, branch) : new Map<string, FileEntryInfo>();
    const finder = new ContentFinder({ ...this.options, stagingDir: join(this.options.dataDir, 'sync-staging') });
    const changed = files.filter((entry) => !finder.holds(head.get(entry.path), entry));
    const kept = new Set(files.map((entry) => entry.path));
    const removed = [...head.keys()].filter((path) => !kept.has(path));

    const pulled = await this.bringContent(finder, remote, changed, signal, call.onProgress);
    const fetched = pulled.filter((content) => content.origin === 'remote');
    const bytesTransferred = fetched.reduce((sum, content) => sum + content.fetchedBytes, 0);
    const cacheShare = await finder.shareMethod(pulled);
    const outcome = (localCommit: string, committed: boolean): PullResult => ({
      repo: localName,
      localCommit,
      remoteCommit: remote.commit,
      filesTransferred: fetched.length,
      bytesTransferred,
      filesReused: files.length - fetched.length,
      filesFromCache: pulled.filter((content) => content.origin === 'cache').length,
      ...(cacheShare === undefined ? {} : { cacheShare }),
      committed,
      treeMatchesRemote: checkTrees,
      ...(filtered ? { note: "filtered by --include/--exclude: the local tree holds a subset of the remote tree, so its oids differ from the remote's" } : {}),
    });
    if (existing && changed.length === 0 && removed.length === 0) return outcome(this.options.store.resolveRevision(existing.id, branch), false);

    signal.throwIfAborted();
    const repo = existing ?? this.options.store.createRepo({ ...local, private: isPrivate, author: PULL_AUTHOR });
    try {
      if (!this.options.store.hasBranch(repo.id, branch)) this.options.store.createBranch(repo.id, branch, DEFAULT_BRANCH);
      this.options.store.assertQuota(repo.id, bytesTransferred);
      const commit = await this.options.store.commit({
        repoId: repo.id,
        branch,
        title: `Pull ${spec.repo}@${spec.revision} from ${spec.endpoint}`,
        description: `Remote commit: ${remote.commit}`,
        author: PULL_AUTHOR,
        operations: [...removed.map((path): CommitOperation => ({ type: 'delete', path })), ...pulled.map((content) => content.operation)],
        signal,
        hooks: {
          after: (made) => {
            const parentTree = made.parentOid === undefined ? undefined : this.options.store.getCommit(made.parentOid)?.treeOid;
            if (parentTree === made.treeOid) throw new UnchangedTree(made.parentOid as string);
            if (checkTrees) this.assertSameTrees(listing, made.commitOid, made.treeOid, localName);
            this.pulls.record({
              repo_id: repo.id, remote_endpoint: spec.endpoint, remote_type: spec.repoType, remote_repo: spec.repo, revision: spec.revision,
              remote_commit: remote.commit, local_commit: made.commitOid, filtered: filtered ? 1 : 0, pulled_at: this.now(),
            });
          },
        },
      });
      await finder.clearStaging();
      return outcome(commit.commitOid, true);
    } catch (error) {
      // The store's rules (e.g. .gitattributes covering LFS paths) gave back the tree the branch has: no commit.
      if (error instanceof UnchangedTree) return outcome(error.head, false);
      // A repo this pull created goes again with the refused commit: nothing of a failed pull stays visible.
      if (!existing) this.options.store.deleteRepo(repo.id);
      throw error;
    }
  }

  /** The commit the revision is on the remote, whether the repo is private, and its whole tree (folders with their oids). */
  private async readRemote(spec: PullSpec, token: string | undefined, signal: AbortSignal): Promise<{ remote: RemoteRevision; isPrivate: boolean; listing: RemoteTreeEntry[] }> {
    const api = new HubApi(this.options.client, { endpoint: spec.endpoint, ...(token === undefined ? {} : { token }) });
    const info = await api.repoInfo(spec.repoType, spec.repo, { revision: spec.revision, signal }).catch((error: unknown) => {
      throw explainRefusal(error, spec, token);
    });
    if (info.sha === undefined) throw new AppError('UpstreamUnavailable', `${spec.endpoint} did not say which commit ${spec.revision} of ${spec.repo} is`);
    const listing: RemoteTreeEntry[] = [];
    for await (const entry of api.listTree(spec.repoType, spec.repo, info.sha, { recursive: true, signal })) listing.push(entry);
    return { remote: { endpoint: spec.endpoint, token, repoType: spec.repoType, repo: spec.repo, commit: info.sha }, isPrivate: info.private === true, listing };
  }

  /** The last pull into a local repo (remote commit ↔ local commit), if any. */
  lastPull(repoId: number) {
    return this.pulls.latest(repoId);
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
    await runLimited(changed, FILES_AT_ONCE, signal, async (entry, taskSignal) => {
      const content = await finder.find(remote, entry, taskSignal, (bytes) => {
        bytesDone += bytes - (done.get(entry.path) ?? 0);
        done.set(entry.path, bytes);
        report();
      });
      bytesDone += entry.size - (done.get(entry.path) ?? 0);
      done.set(entry.path, entry.size);
      results.set(entry.path, content);
      report();
    });
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
