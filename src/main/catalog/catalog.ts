import { isAbsolute, resolve } from 'node:path';
import { AppError, type ErrorCode } from '../../shared/errors.js';
import { trimEndpoint } from '../../shared/endpoint.js';
import type { RepoType } from '../../shared/repo-id.js';
import { scanCacheDir, type CacheScan } from '../cache/index.js';
import type { TokenLookup } from '../credentials/index.js';
import {
  createCatalogDuplicatesQueries, createCatalogFactsTable, createCatalogFoldersTable, createCatalogQueries, createCatalogReposTable, createCatalogSimilarQueries,
  createCatalogStatsQueries, createCatalogTreeQueries, createStoreContentQueries, type CatalogDuplicatesQueries, type CatalogRepoRow, type CatalogRevisionRow,
  type CatalogStorageCounts, type Db,
} from '../db/index.js';
import type { Store } from '../store/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import { CacheIndex, type CacheIndexReport } from './cache-index.js';
import { LOCAL_HUB } from './local-hub-index.js';
import { checkOutdated, type OutdatedReport } from './outdated-check.js';
import { catalogStats, structureStats, type CatalogStats, type RepoStats } from './catalog-stats.js';
import { hashOnDisk, type OnDisk } from './content-on-disk.js';
import { duplicatePlaces, findDuplicates, type DuplicatesReport, type ListPage } from './duplicates.js';
import { exportStructure } from './export-structure.js';
import { CatalogFacts } from './facts/catalog-facts.js';
import type { FactsFilter } from './facts/facts-filter.js';
import { remoteFactsSource, snapshotFactsSource, storeFactsSource } from './facts/facts-sources.js';
import type { RevisionFile } from './facts/file-facts.js';
import type { FactsSource } from './facts/read-model-facts.js';
import type { ModelFacts } from './facts/model-facts.js';
import { findFiles } from './find-files.js';
import { parseHash, type FindQuery } from './find-query.js';
import { listStoredFolder, storedRevisions, type FolderListing, type StoredRevision } from './folder-listing.js';
import { RefreshCheckpoints } from './refresh-checkpoints.js';
import { DEFAULT_EVERY_MS } from './refresh-schedule.js';
import { refreshStructure, type FilesListed, type RefreshDeps, type RefreshOutcome, type RefreshStatus } from './refresh-structure.js';
import { StoreBatch } from './store-batch.js';
import { compareStructures, mostSimilar, type Similarity } from './similarity.js';
import { diffStructures, type StructureDiff } from './structure-diff.js';
import { ALL_REFS, catalogFile, describeTracked, trackedRepo, type CatalogFile, type RepoSelector, type StoredStructure, type TrackedRepo } from './tracked-repo.js';

export interface CatalogOptions {
  readonly db: Db;
  readonly client: UpstreamClient;
  /** The token for each hub (credentials' endpointTokens); tokens are never stored in the catalog. */
  readonly tokens: TokenLookup;
  /** The local hub's store, where the facts of its revisions are read (without it they are not read). */
  readonly store?: Store;
  readonly now?: () => number;
}

export interface TrackRequest {
  readonly endpoint: string;
  readonly repoType: RepoType;
  readonly repo: string;
  /** A branch, tag or commit; ALL_REFS ('*') for every branch and tag. */
  readonly revision: string;
  /** How often the server's scheduler refreshes it (default daily); null for on demand only. */
  readonly everyMs?: number | null;
}

/** How far a refresh of several repos is: repos done of the total, and tree entries listed so far. */
export interface RefreshProgress {
  readonly reposDone: number;
  readonly reposTotal: number;
  readonly filesListed: number;
}

export interface RefreshOptions {
  /** A token for this refresh only (else the one credentials give for each repo's hub). */
  readonly token?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RefreshProgress) => void;
}

export interface RefreshResult {
  readonly repo: TrackedRepo;
  readonly status: RefreshStatus;
  readonly error: string | null;
  /** Why it failed, as an error code (set when status is 'failed'). */
  readonly errorCode?: ErrorCode;
}

/** A tracked repo with the model facts of its current revision (null before they are read). */
export interface TrackedRepoFacts {
  readonly repo: TrackedRepo;
  readonly facts: ModelFacts | null;
}

export interface RevisionDiff extends StructureDiff {
  readonly repo: TrackedRepo;
  readonly oldCommit: string;
  readonly newCommit: string;
}

/** At most this many repos refresh at once. */
const REFRESH_CONCURRENCY = 4;
const REPO_ID = /^[A-Za-z0-9][\w.-]*(?:\/[A-Za-z0-9][\w.-]*)?$/;

/** Structure tracking of remote repos: what is tracked, refreshes, and the questions answered offline from SQLite. */
export class Catalog {
  private readonly repos;
  private readonly folders;
  private readonly queries;
  private readonly deps: RefreshDeps;
  private readonly cacheIndex: CacheIndex;
  private readonly factsTable;
  private readonly modelFacts: CatalogFacts;
  private preparedDuplicates: CatalogDuplicatesQueries | undefined;
  /** The refreshes running now, by tracked repo id. */
  private readonly refreshing = new Map<number, Promise<RefreshOutcome>>();
  private readonly checkpoints: RefreshCheckpoints;

  constructor(private readonly options: CatalogOptions) {
    this.repos = createCatalogReposTable(options.db);
    this.folders = createCatalogFoldersTable(options.db);
    this.queries = createCatalogQueries(options.db);
    this.deps = { db: options.db, repos: this.repos, folders: this.folders, client: options.client, now: options.now ?? Date.now, batch: new StoreBatch(options.db) };
    this.checkpoints = new RefreshCheckpoints(options.db);
    this.cacheIndex = new CacheIndex({ db: options.db, now: this.deps.now });
    this.factsTable = createCatalogFactsTable(options.db);
    this.modelFacts = new CatalogFacts({ facts: this.factsTable, tree: createCatalogTreeQueries(options.db), now: this.deps.now });
  }

  /** Starts tracking a repo (no network: `refresh` fetches its structure). */
  track(request: TrackRequest): TrackedRepo {
    const endpoint = parseEndpoint(request.endpoint);
    if (!REPO_ID.test(request.repo) || request.repo.includes('..')) {
      throw new AppError('InvalidRepoName', `Invalid repo id "${request.repo}": expected "namespace/name"`);
    }
    const revision = request.revision.trim();
    if (revision === '') throw new AppError('BadRequest', 'The revision must not be empty');
    const everyMs = request.everyMs === undefined ? DEFAULT_EVERY_MS : request.everyMs;
    if (everyMs !== null && (!Number.isSafeInteger(everyMs) || everyMs <= 0)) throw new AppError('BadRequest', 'The refresh period must be a positive number of milliseconds');
    const key = [endpoint, request.repoType, request.repo, revision] as const;
    if (this.repos.find(...key) !== undefined) {
      throw new AppError('Conflict', `${describeTracked({ ...request, endpoint, revision })} is tracked already`);
    }
    const id = this.repos.add({ source: 'remote', endpoint, type: request.repoType, repoId: request.repo, revision, everyMs, now: this.deps.now() });
    return this.current(id);
  }

  list(): TrackedRepo[] {
    return this.repos.list().map((row) => trackedRepo(row, this.repos.refs(row.id)));
  }

  /** Stops tracking the selected repos and drops the folders no other revision uses. */
  untrack(selector: RepoSelector): TrackedRepo[] {
    // The local hub's repos are catalogued as long as they exist.
    const selected = this.select(selector).filter((repo) => repo.source !== 'hub');
    if (selected.length === 0) throw new AppError('BadRequest', `${selector.repo} is a repo of the local hub: its structure is kept while it exists`);
    this.options.db.transaction(() => {
      for (const repo of selected) this.repos.remove(repo.id);
      this.folders.sweep();
      this.factsTable.sweep();
    })();
    return selected;
  }

  /** Refreshes the selected repos (every tracked repo without a selector), at most 4 at once. */
  async refresh(selector?: RepoSelector, options: RefreshOptions = {}): Promise<RefreshResult[]> {
    // The local hub and the HF cache are indexed, not refreshed from a hub.
    const selected = (selector === undefined ? this.list() : this.select(selector)).filter((repo) => repo.source === 'remote');
    const results: RefreshResult[] = new Array<RefreshResult>(selected.length);
    const listedBy = new Map<number, number>();
    let listed = 0;
    let done = 0;
    const report = (): void => options.onProgress?.({ reposDone: done, reposTotal: selected.length, filesListed: listed });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < selected.length) {
        const index = next++;
        const repo = selected[index] as TrackedRepo;
        const result = await this.refreshRepo(repo.id, {
          ...options,
          onProgress: (progress) => {
            listed += progress.filesListed - (listedBy.get(repo.id) ?? 0);
            listedBy.set(repo.id, progress.filesListed);
            report();
          },
        });
        done += 1;
        report();
        if (result !== undefined) results[index] = result;
      }
    };
    await Promise.all(Array.from({ length: Math.min(REFRESH_CONCURRENCY, selected.length) }, worker));
    // Outside the refreshes' transactions: the duplicates answer catches up with the revisions that came.
    if (results.some((result) => result?.status === 'updated')) this.duplicateQueries().catchUp();
    return results.filter((result) => result !== undefined);
  }

  /** Indexes every repo of a Hugging Face cache folder (scanned now, unless a scan of it is given). */
  async indexCache(cacheDir: string, options: { scan?: CacheScan; signal?: AbortSignal } = {}): Promise<CacheIndexReport> {
    const scan = options.scan ?? (await scanCacheDir(cacheDir, options.signal ? { signal: options.signal } : {}));
    return this.cacheIndex.index(scan, options.signal);
  }

  /**
   * Which refs of a Hugging Face cache are behind `endpoint`: indexes the cache, resolves each
   * cached ref upstream (one request each) and, for those that moved, stores the upstream
   * structure and diffs it with the snapshot's.
   */
  async outdated(options: { cacheDir: string; endpoint: string; token?: string; signal?: AbortSignal }): Promise<OutdatedReport> {
    const endpoint = parseEndpoint(options.endpoint);
    const scan = await scanCacheDir(options.cacheDir, options.signal ? { signal: options.signal } : {});
    await this.cacheIndex.index(scan, options.signal);
    return checkOutdated({ ...this.deps, token: (hub) => options.token ?? this.options.tokens(hub) }, scan, endpoint, options.signal);
  }

  /** Tracked repos with their current revision's model facts; with a filter, only the repos whose facts pass it. */
  listFacts(filter?: FactsFilter): TrackedRepoFacts[] {
    if (filter === undefined) return this.list().map((repo) => ({ repo, facts: this.currentFacts(repo) }));
    const matching = this.modelFacts.matching(filter);
    return this.list().flatMap((repo) => {
      const facts = matching.get(repo.id);
      return facts === undefined ? [] : [{ repo, facts }];
    });
  }

  /**
   * Reads the model facts of the local hub's and the HF cache's revisions that refs name and that
   * have none yet, from this disk (the hub store, the cached snapshot): no network, each content
   * once. Returns how many revisions were read. A revision is read once: unlike a hub that was
   * down, bytes missing from this disk do not come back by asking again (and a pass runs after
   * every commit and cache scan).
   */
  async readLocalFacts(signal?: AbortSignal): Promise<number> {
    let read = 0;
    for (const repo of this.list()) {
      if (repo.source === 'remote' || (repo.source === 'hub' && this.options.store === undefined)) continue;
      for (const commit of new Set(repo.refs.map((ref) => ref.commit))) {
        signal?.throwIfAborted();
        const revision = this.repos.revision(repo.id, commit);
        if (revision === undefined || this.modelFacts.wasRead(revision)) continue;
        await this.modelFacts.read(revision, (files) => this.localFactsSource(repo, commit, files), signal);
        read += 1;
      }
    }
    return read;
  }

  /** The model facts of the selected repos' current revisions. */
  facts(selector: RepoSelector): TrackedRepoFacts[] {
    return this.select(selector).map((repo) => ({ repo, facts: this.currentFacts(repo) }));
  }

  /** The model facts of one stored revision (a ref, a commit or a prefix of one) of the selected repo; null before they are read. */
  revisionFacts(selector: RepoSelector, revision: string): { commit: string; facts: ModelFacts | null } {
    const { stored } = this.storedRevision(selector, revision);
    return { commit: stored.commit_id, facts: this.modelFacts.of(stored) };
  }

  /**
   * Refreshes one tracked repo by its id (a queued refresh job names it so); undefined when it is
   * no longer tracked. Progress counts this repo only.
   */
  async refreshRepo(id: number, options: RefreshOptions = {}): Promise<RefreshResult | undefined> {
    const row = this.repos.get(id);
    if (row === undefined) return undefined;
    const token = options.token ?? this.options.tokens(row.endpoint);
    const onListed = options.onProgress === undefined ? undefined : (filesListed: number) => options.onProgress?.({ reposDone: 0, reposTotal: 1, filesListed });
    const outcome = await this.refreshOnce(row, token, options.signal, onListed);
    await this.readFactsOf(id, token, options.signal);
    return { repo: this.current(id), status: outcome.status, error: outcome.error, ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}) };
  }

  /** A file's hashes at a stored revision (the repo's current one by default). */
  fileHashes(selector: RepoSelector, path: string, revision?: string): CatalogFile {
    const { repo, stored } = this.storedRevision(selector, revision);
    const segments = path.split('/').filter((segment) => segment !== '');
    let folder = stored.root_folder;
    for (const [index, name] of segments.entries()) {
      const entry = this.folders.entry(folder, name);
      const last = index === segments.length - 1;
      if (entry === undefined || (last && entry.child !== null) || (!last && entry.child === null)) {
        throw new AppError('EntryNotFound', `${path} is not a file of ${describeTracked(repo)} at ${stored.commit_id}`);
      }
      if (last) {
        return { source: repo.source, repo: repo.repo, repoType: repo.repoType, endpoint: repo.endpoint, revision: refName(repo, revision, stored.commit_id), commit: stored.commit_id, path: segments.join('/'),
          size: entry.size ?? 0, oid: entry.oid ?? '', sha256: entry.lfs_sha256 };
      }
      folder = entry.child as number;
    }
    throw new AppError('EntryNotFound', `"${path}" is not a file path`);
  }

  /** Files of every tracked repo's current structure matching a query. */
  find(query: FindQuery): CatalogFile[] {
    return findFiles(this.queries, query).map(catalogFile);
  }

  /** Every file holding a content (git oid or sha256), and whether its bytes are on this disk. */
  whereIs(hash: string): { files: CatalogFile[]; onDisk: OnDisk } {
    const content = parseHash(hash);
    const files = this.find({ kind: 'hash', hash: content });
    return { files, onDisk: hashOnDisk(createStoreContentQueries(this.options.db), content, files) };
  }

  /** Content held by more than one repo or revision: totals, and a page of contents (place counts, repos, bytes wasted on disk, bytes reuse saves). */
  duplicates(page?: ListPage): DuplicatesReport {
    return findDuplicates(this.duplicateQueries(), this.list(), page);
  }

  /** The files holding one content (a git oid or sha256), paged: the places of a duplicate. */
  duplicatePlaces(hash: string, page?: ListPage): CatalogFile[] {
    return duplicatePlaces(this.duplicateQueries(), parseHash(hash), page);
  }

  /** Files, bytes, LFS share, largest files and extensions of all current structures together, and each repo's files and bytes. */
  stats(): CatalogStats {
    return catalogStats(createCatalogStatsQueries(this.options.db), this.queries, this.list(), (repo, commit) => this.stored(repo, commit));
  }

  /** The stats of the current structure of each selected repo. */
  repoStats(selector: RepoSelector): RepoStats[] {
    const statsQueries = createCatalogStatsQueries(this.options.db);
    return this.select(selector).flatMap((repo) => {
      if (repo.commit === null) return [];
      return [{ repo, commit: repo.commit, ...structureStats(statsQueries, this.queries, [this.stored(repo, repo.commit)]) }];
    });
  }

  /** What the selected repo shares with `other`, or with the 10 tracked repos most like it (by shared bytes, then paths). */
  similar(selector: RepoSelector, other?: RepoSelector): Similarity[] {
    const base = this.storedStructure(selector);
    const queries = createCatalogSimilarQueries(this.options.db);
    if (other !== undefined) return [compareStructures(queries, this.folders, base, this.storedStructure(other))];
    const others = this.list().flatMap((repo) => (repo.commit === null ? [] : [this.stored(repo, repo.commit)]));
    return mostSimilar(queries, this.folders, base, others);
  }

  /**
   * A stored revision (the current one by default) in the seed model manager's JSON shape, in
   * pieces to write as they come; download URLs point at `endpointOf(repo)`.
   */
  exportStructure(selector: RepoSelector, revision: string | undefined, endpointOf: (repo: TrackedRepo) => string): Iterable<string> {
    const { repo, stored } = this.storedRevision(selector, revision);
    const branch = revision ?? repo.refs.find((ref) => ref.commit === stored.commit_id)?.ref ?? stored.commit_id;
    return exportStructure(createCatalogTreeQueries(this.options.db), { repo, revision: stored }, branch, endpointOf(repo));
  }

  /** What changed between two stored revisions of a tracked repo (each a commit, a prefix of one, or a tracked revision name). */
  diff(selector: RepoSelector, from: string, to: string): RevisionDiff {
    const old = this.storedRevision(selector, from);
    const now = this.storedRevision(selector, to);
    // Two sources of one repo diff too: a cached snapshot against the upstream structure `outdated` stored.
    if (old.repo.repo !== now.repo.repo || old.repo.repoType !== now.repo.repoType) {
      throw new AppError('BadRequest', `${from} and ${to} belong to different tracked repos; name one with --endpoint, --repo-type or --revision`);
    }
    const changes = diffStructures(old.stored.root_folder, now.stored.root_folder, this.folders);
    return { repo: now.repo, oldCommit: old.stored.commit_id, newCommit: now.stored.commit_id, ...changes };
  }

  /** One folder of a stored revision (the current one by default): a remote repo's tree, browsed without downloading it. */
  listFolder(selector: RepoSelector, revision: string | undefined, path: string): FolderListing {
    return listStoredFolder(this.folders, this.storedRevision(selector, revision).stored, path);
  }

  /** The commits refreshes stored for a tracked repo (from `list`), newest first: what `diff` can compare. */
  revisions(repo: Pick<TrackedRepo, 'id'>): StoredRevision[] {
    return storedRevisions(this.repos.revisions(repo.id), this.repos.refs(repo.id));
  }

  /** Rows stored, to see what the catalog costs (and that shared folders are stored once). */
  counts(): CatalogStorageCounts {
    return this.folders.counts();
  }

  /**
   * A repo being refreshed already is not fetched twice at once (two windows, a schedule and a
   * click): the second caller shares the first one's outcome instead of listing the same tree
   * again.
   */
  private refreshOnce(row: CatalogRepoRow, token: string | undefined, signal: AbortSignal | undefined, onListed: FilesListed | undefined): Promise<RefreshOutcome> {
    const running = this.refreshing.get(row.id);
    if (running !== undefined) return running;
    this.checkpoints.enter();
    const started = refreshStructure(this.deps, row, token, signal, onListed).finally(() => {
      this.refreshing.delete(row.id);
      this.checkpoints.leave();
    });
    this.refreshing.set(row.id, started);
    return started;
  }

  /**
   * Reads the model facts of a repo's current revision when they are missing or incomplete; a
   * failure here is kept out of the refresh (the facts say which files could not be read).
   */
  private async readFactsOf(id: number, token: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const row = this.repos.get(id);
    const commit = row === undefined ? null : trackedRepo(row, this.repos.refs(id)).commit;
    if (row === undefined || commit === null) return;
    const revision = this.repos.revision(id, commit);
    if (revision === undefined || !this.modelFacts.needsReading(revision)) return;
    const where = { endpoint: row.endpoint, type: row.type as RepoType, repoId: row.repo_id, commit };
    try {
      await this.modelFacts.read(revision, () => remoteFactsSource(this.options.client, where, token), signal);
    } catch (error) {
      if (signal?.aborted) throw error;
    }
  }

  private localFactsSource(repo: TrackedRepo, commit: string, files: readonly RevisionFile[]): FactsSource {
    if (repo.source === 'hub') return storeFactsSource(this.options.store as Store, files);
    return snapshotFactsSource({ endpoint: repo.endpoint, type: repo.repoType, repoId: repo.repo, commit }, files);
  }

  private currentFacts(repo: TrackedRepo): ModelFacts | null {
    const revision = repo.commit === null ? undefined : this.repos.revision(repo.id, repo.commit);
    return revision === undefined ? null : this.modelFacts.of(revision);
  }

  /** Prepared once: the kept duplicates answer is caught up after refreshes and read by duplicates. */
  private duplicateQueries(): CatalogDuplicatesQueries {
    this.preparedDuplicates ??= createCatalogDuplicatesQueries(this.options.db);
    return this.preparedDuplicates;
  }

  private current(id: number): TrackedRepo {
    const found = this.repos.get(id);
    if (found === undefined) throw new AppError('RepoNotFound', 'The repo is no longer tracked');
    return trackedRepo(found, this.repos.refs(id));
  }

  private stored(repo: TrackedRepo, commit: string): StoredStructure {
    return { repo, revision: this.repos.revision(repo.id, commit) as CatalogRevisionRow };
  }

  private storedStructure(selector: RepoSelector): StoredStructure {
    const { repo, stored } = this.storedRevision(selector, undefined);
    return { repo, revision: stored };
  }

  /** The tracked repos a selector names; none is an error. */
  private select(selector: RepoSelector): TrackedRepo[] {
    const endpoint = selector.endpoint === undefined ? undefined : selectorEndpoint(selector.endpoint);
    const matches = this.list().filter(
      (repo) =>
        repo.repo === selector.repo &&
        (endpoint === undefined || repo.endpoint === endpoint) &&
        (selector.repoType === undefined || repo.repoType === selector.repoType) &&
        (selector.revision === undefined || repo.revision === selector.revision),
    );
    if (matches.length === 0) throw new AppError('RepoNotFound', `${selector.repo} is not tracked (hubkeeper track ls lists the tracked repos)`);
    return matches;
  }

  /**
   * A stored revision of the selected repo: `revision` is a tracked revision name (its current
   * commit), a stored commit or a prefix of one (at least 7 characters); absent, the current one
   * of the only tracked repo selected.
   */
  private storedRevision(selector: RepoSelector, revision: string | undefined): { repo: TrackedRepo; stored: CatalogRevisionRow } {
    const candidates = this.select(selector);
    const byRef = candidates.flatMap((repo) => repo.refs.filter((ref) => ref.ref === revision).map((ref) => ({ repo, commit: ref.commit })));
    if (revision === undefined || byRef.length > 0) {
      const named = revision === undefined ? candidates.map((repo) => ({ repo, commit: repo.commit })) : byRef;
      if (named.length > 1) throw ambiguous(selector.repo, revision);
      const { repo, commit } = named[0] as { repo: TrackedRepo; commit: string | null };
      if (commit === null) throw new AppError('RevisionNotFound', `${describeTracked(repo)} has no structure yet: run hubkeeper track refresh`);
      return { repo, stored: this.repos.revision(repo.id, commit) as CatalogRevisionRow };
    }
    const found = candidates.flatMap((repo) =>
      this.repos
        .revisions(repo.id)
        .filter((stored) => stored.commit_id === revision || (revision.length >= 7 && stored.commit_id.startsWith(revision)))
        .map((stored) => ({ repo, stored })),
    );
    if (found.length === 0) throw new AppError('RevisionNotFound', `${revision} is not a stored revision of ${selector.repo} (a tracked revision name or a commit a refresh stored)`);
    if (found.length > 1) throw ambiguous(selector.repo, revision);
    return found[0] as { repo: TrackedRepo; stored: CatalogRevisionRow };
  }
}

/** The revision a file was read at: the tracked one, or with all refs the ref asked for (main, else the first ref, by default; the commit when one was given). */
function refName(repo: TrackedRepo, asked: string | undefined, commit: string): string {
  if (repo.revision !== ALL_REFS) return repo.revision;
  if (asked === undefined) return (repo.refs.find((ref) => ref.ref === 'main') ?? repo.refs[0])?.ref ?? commit;
  return repo.refs.some((ref) => ref.ref === asked) ? asked : commit;
}

function ambiguous(repo: string, revision?: string): AppError {
  const what = revision === undefined ? repo : `${revision} of ${repo}`;
  return new AppError('BadRequest', `${what} is ambiguous: name it with --endpoint, --repo-type or --revision`);
}

/** Where a selected repo is: 'local' (the local hub), an HF cache folder (an absolute path) or a hub's URL. */
function selectorEndpoint(value: string): string {
  if (value === LOCAL_HUB) return value;
  if (isAbsolute(value)) return resolve(value);
  return parseEndpoint(value);
}

function parseEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('BadRequest', `--endpoint must be a URL such as https://huggingface.co (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('BadRequest', `--endpoint must be an http or https URL (got "${value}")`);
  if (url.username !== '' || url.password !== '') throw new AppError('BadRequest', '--endpoint must not hold credentials: use --token');
  return trimEndpoint(`${url.origin}${url.pathname}`);
}
