// The app API of structure tracking (/-/api/v1/tracking/...), shared by the core and the UI.
import type { RepoType } from './repo-id.js';

export type TrackedSource = 'remote' | 'hub' | 'cache';

export interface TrackedRefView {
  readonly ref: string;
  readonly commit: string;
}

/** A tracked repo as the Tracking screen lists it (times in ms since the epoch). */
export interface TrackedRepoView {
  /** The id the other tracking routes take. */
  readonly id: number;
  readonly source: TrackedSource;
  readonly endpoint: string;
  readonly repoType: RepoType;
  readonly repo: string;
  /** A branch, tag or commit; '*' for every branch and tag. */
  readonly revision: string;
  /** How often the server refreshes it; null for on demand only. */
  readonly everyMs: number | null;
  /** The tracked revision's commit at the last good refresh; null before one. */
  readonly commit: string | null;
  readonly refs: readonly TrackedRefView[];
  readonly files: number | null;
  readonly totalSize: number | null;
  readonly addedAt: number;
  readonly checkedAt: number | null;
  /** When a scheduled refresh checks it next (a time past is due now); null when it refreshes on demand only. */
  readonly nextCheckAt: number | null;
  /** Why the last refresh failed (the last good structure is kept). */
  readonly error: string | null;
  readonly errorAt: number | null;
  /** The commit stored before the current one: the upstream moved from it (null when it never did). */
  readonly previousCommit: string | null;
  /** The upstream has a newer commit than the first structure stored: see the diff from previousCommit. */
  readonly updateAvailable: boolean;
}

export interface TrackedReposResponse {
  readonly repos: readonly TrackedRepoView[];
}

/** Tracks a repo on a saved hub (`hub`, its id) or at a URL (`endpoint`), then fetches its structure. */
export interface TrackRepoRequest {
  readonly hub?: string;
  readonly endpoint?: string;
  readonly repoType: RepoType;
  readonly repo: string;
  /** Branch, tag or commit; main when absent. */
  readonly revision?: string;
  /** Every branch and tag instead of one revision. */
  readonly allRefs?: boolean;
  /** How often the server refreshes it: "6h", "24h", "7d" or "never" (default daily). */
  readonly every?: string;
}

export type RefreshState = 'unchanged' | 'updated' | 'failed';

/**
 * A refresh job of a tracked repo as it runs (SSE `tracking-refresh`, to the owner): queued,
 * running with the tree entries listed so far, then how it ended; a failed one says why (the
 * repo keeps its last good structure).
 */
export interface RefreshProgressView {
  readonly trackedId: number;
  readonly state: 'queued' | 'running' | 'paused' | 'failed' | 'done' | 'cancelled';
  readonly filesListed: number;
  readonly error: string | null;
}

export interface RefreshOutcome {
  readonly repo: TrackedRepoView;
  readonly status: RefreshState;
  readonly error: string | null;
}

/** `id` refreshes one tracked repo; without it, every one. */
export interface RefreshRequest {
  readonly id?: number;
}

export interface RefreshResponse {
  readonly results: readonly RefreshOutcome[];
}

/** A file of a tracked structure. sha256 is the LFS sha256 (null for a file stored in git). */
export interface TrackedFile {
  /** The tracked repo holding it (null for a source the tracking screen does not list). */
  readonly trackedId: number | null;
  readonly source: TrackedSource;
  readonly repo: string;
  readonly repoType: RepoType;
  readonly endpoint: string;
  readonly revision: string;
  readonly commit: string;
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  readonly sha256: string | null;
}

/** What a search looks for: a git oid or sha256, a glob over paths, an extension, or text in the name. */
export const FIND_KINDS = ['hash', 'glob', 'ext', 'name'] as const;
export type FindKind = (typeof FIND_KINDS)[number];

export interface FindResponse {
  readonly files: readonly TrackedFile[];
  /** More files matched than the answer holds. */
  readonly truncated: boolean;
}

/** A file or subfolder of a stored folder. Folders carry no size or hashes (their files do). */
export interface FolderEntryView {
  readonly name: string;
  /** From the repo's root: "weights/model.safetensors". */
  readonly path: string;
  readonly kind: 'file' | 'folder';
  readonly size: number | null;
  readonly oid: string | null;
  /** The LFS sha256; null for a file stored in git and for folders. */
  readonly sha256: string | null;
}

export interface FolderListingResponse {
  readonly commit: string;
  /** "" for the root. */
  readonly path: string;
  /** Folders first, then files, each by name. */
  readonly entries: readonly FolderEntryView[];
}

export interface StoredRevisionView {
  readonly commit: string;
  /** The refs at this commit now (none for a commit the refs moved on from). */
  readonly refs: readonly string[];
  readonly files: number;
  readonly totalSize: number;
  readonly fetchedAt: number;
}

export interface StoredRevisionsResponse {
  readonly revisions: readonly StoredRevisionView[];
}

export interface DiffFileView {
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  readonly sha256: string | null;
}

export interface StructureDiffResponse {
  readonly oldCommit: string;
  readonly newCommit: string;
  readonly added: readonly DiffFileView[];
  readonly removed: readonly DiffFileView[];
  readonly modified: readonly { readonly path: string; readonly old: DiffFileView; readonly new: DiffFileView }[];
  readonly renamed: readonly { readonly from: DiffFileView; readonly to: DiffFileView }[];
}

// Reports over the tracked structures: stats, duplicates, similar repos, outdated cache refs, model facts.

export interface ExtensionStatsView {
  /** null for names without a '.'. */
  readonly ext: string | null;
  readonly files: number;
  readonly size: number;
}

/** Sums over the files of one or more current structures (the catalog's with its own file type). */
export interface StructureStatsOf<File> {
  readonly files: number;
  readonly totalSize: number;
  readonly lfsFiles: number;
  readonly lfsSize: number;
  /** The 10 largest files, largest first. */
  readonly largest: readonly File[];
  /** Largest share of bytes first. */
  readonly byExtension: readonly ExtensionStatsView[];
}

export type StructureStatsView = StructureStatsOf<TrackedFile>;

export interface RepoSummaryView {
  readonly trackedId: number;
  readonly repo: string;
  readonly repoType: RepoType;
  readonly revision: string;
  readonly endpoint: string;
  readonly commit: string;
  readonly files: number;
  readonly totalSize: number;
}

/** GET /tracking/stats: every current structure together, and each repo's files and bytes. */
export interface TrackingStatsResponse extends StructureStatsView {
  readonly trackedRepos: number;
  /** Tracked repos with a structure (a good refresh at least once). */
  readonly reposWithStructures: number;
  /** Distinct commits the current structures hold. */
  readonly structures: number;
  readonly repos: readonly RepoSummaryView[];
}

/** GET /tracking/repos/:id/stats: one repo's current structure (null before a good refresh). */
export interface RepoStatsResponse {
  readonly trackedId: number;
  readonly commit: string | null;
  readonly stats: StructureStatsView | null;
}

/** A tracked repo holding a duplicated content. */
export type DuplicateHolderView = Pick<RepoSummaryView, 'trackedId' | 'repo' | 'repoType' | 'revision' | 'endpoint'>;

export interface DuplicateContentView {
  readonly sha256: string | null;
  readonly oid: string;
  readonly size: number;
  /** How many files hold it: one per repo, commit and path. */
  readonly placeCount: number;
  /** The tracked repos holding it. */
  readonly repos: readonly DuplicateHolderView[];
  /** Its first places (by repo and path); GET /tracking/duplicates/places lists them all. */
  readonly places: readonly TrackedFile[];
  readonly onDisk: { readonly hub: boolean; readonly cache: boolean };
  readonly copiesOnDisk: number;
  /** Bytes the copies beyond the first take on disk now. */
  readonly wastedBytes: number;
  /** Bytes that downloading the remote repos holding it need not fetch. */
  readonly reusableBytes: number;
}

/** GET /tracking/duplicates[?limit=&offset=]: largest waste first; the totals count every duplicate, listed or not. */
export interface DuplicatesResponse {
  readonly contents: readonly DuplicateContentView[];
  /** How many contents are held more than once. */
  readonly count: number;
  readonly wastedBytes: number;
  readonly reusableBytes: number;
  /** More contents are duplicated past this page. */
  readonly truncated: boolean;
}

/** GET /tracking/duplicates/places?hash=HEX[&limit=&offset=]: the files holding one content, by repo and path. */
export interface DuplicatePlacesResponse {
  readonly places: readonly TrackedFile[];
  /** More places follow this page. */
  readonly truncated: boolean;
}

export interface SimilarRepoView {
  readonly trackedId: number;
  readonly repo: string;
  readonly repoType: RepoType;
  readonly revision: string;
  readonly endpoint: string;
  readonly commit: string;
  /** Paths that are a file in both. */
  readonly sharedPaths: number;
  /** Of those, the files with the same content in both. */
  readonly identicalFiles: number;
  /** Distinct contents both hold, wherever their paths. */
  readonly sharedContents: number;
  /** Their bytes, each content counted once. */
  readonly sharedSize: number;
}

/** GET /tracking/similar?repo=ID[&with=ID]: the repos most like one (or what it shares with another). */
export interface SimilarResponse {
  readonly similar: readonly SimilarRepoView[];
}

/** A ref of the HF cache behind upstream, with what an update changes. */
export interface OutdatedSnapshotView extends StructureDiffResponse {
  readonly repo: string;
  readonly repoType: RepoType;
  readonly ref: string;
  readonly cachedCommit: string;
  readonly upstreamCommit: string;
  /** Bytes an update would fetch. */
  readonly downloadBytes: number;
}

export interface OutdatedFailureView {
  readonly repo: string;
  readonly repoType: RepoType;
  readonly ref: string;
  readonly error: string;
}

/** GET /tracking/outdated[?hub=ID|endpoint=URL]: the HF cache's refs compared with a hub (one request per ref). */
export interface OutdatedResponse {
  readonly cacheDir: string;
  readonly endpoint: string;
  readonly checked: number;
  readonly outdated: readonly OutdatedSnapshotView[];
  readonly failures: readonly OutdatedFailureView[];
}

export interface WeightsFileView {
  readonly path: string;
  readonly format: string;
  readonly size: number;
  readonly tensors: number | null;
  readonly parameters: number | null;
  readonly dtypes: Readonly<Record<string, number>>;
  readonly fileType: string | null;
}

/** What a stored revision is, read from its config, card and weights headers. */
export interface ModelFactsView {
  readonly architectures: readonly string[];
  readonly modelType: string | null;
  readonly parameters: number | null;
  readonly dtype: string | null;
  readonly dtypes: readonly string[];
  readonly quantisation: readonly string[];
  readonly license: string | null;
  readonly library: string | null;
  readonly pipelineTag: string | null;
  readonly tags: readonly string[];
  readonly baseModel: readonly string[];
  readonly datasets: readonly string[];
  readonly formats: readonly string[];
  /** Bytes of weights a run loads. */
  readonly bytesToLoad: number | null;
  readonly contextLength: number | null;
  readonly hiddenSize: number | null;
  readonly layers: number | null;
  readonly heads: number | null;
  readonly vocabSize: number | null;
  readonly tensors: number | null;
  readonly weights: readonly WeightsFileView[];
  /** Files that could not be read, one line each. */
  readonly problems: readonly string[];
  readonly complete: boolean;
}

/** GET /tracking/repos/:id/facts[?revision=]: the facts of the current revision, or of a stored one (null before they are read). */
export interface RepoFactsResponse {
  readonly trackedId: number;
  readonly commit: string | null;
  readonly facts: ModelFactsView | null;
}

/** A repo of GET /tracking/repos: with its current revision's model facts (null before they are read). */
export interface TrackedRepoWithFacts extends TrackedRepoView {
  readonly facts: ModelFactsView | null;
}

/** Filters of GET /tracking/repos on model facts; sizes as "7B" (parameters) and "16GB" (fits: bytes to load at most). */
export interface FactsFilterQuery {
  readonly arch?: string;
  readonly minParams?: string;
  readonly maxParams?: string;
  readonly dtype?: string;
  readonly quant?: string;
  readonly license?: string;
  readonly library?: string;
  readonly format?: string;
  readonly fits?: string;
}

export const FACTS_FILTER_KEYS = ['arch', 'minParams', 'maxParams', 'dtype', 'quant', 'license', 'library', 'format', 'fits'] as const satisfies readonly (keyof FactsFilterQuery)[];

/** A Library repo's model facts: of its main revision (else its first ref), null before they are read. */
export interface LibraryRepoFacts {
  readonly source: 'hub' | 'cache';
  readonly type: RepoType;
  readonly id: string;
  readonly commit: string | null;
  readonly facts: ModelFactsView | null;
}

/**
 * GET /library/facts[?filters]: the facts of the Library's repos the session may see (hub repos by
 * their permissions, the HF cache's to the owner only); with filters, only the repos that pass them.
 */
export interface LibraryFactsResponse {
  readonly repos: readonly LibraryRepoFacts[];
}

/** GET /tracking/repos[?filters]: the repos whose facts pass every filter given. */
export interface TrackedReposWithFactsResponse {
  readonly repos: readonly TrackedRepoWithFacts[];
}
