import type { DeepLink } from './deep-link.js';
import type { RepoType } from './repo-id.js';
import type { Role } from './roles.js';
import type { RefreshProgressView } from './tracking-api.js';

/**
 * The app API (`/-/api/v1/...`) the UI talks to: the wire types both sides share. Times are
 * milliseconds since the epoch; sizes are bytes.
 */
export const APP_API_PREFIX = '/-/api/v1';
export const SESSION_COOKIE = 'hubkeeper_session';

// ---- session ---------------------------------------------------------------------------------

/**
 * What a UI session may manage. The owner (the one-time sign-in link, the desktop shell's cookie,
 * or a user marked admin) manages the machine: settings, remote hubs and their tokens, the HF
 * cache, downloads into it, every user's tokens. A user manages what their hub permissions allow:
 * their repos and their own tokens.
 */
export type SessionRole = 'owner' | 'user';

export interface SessionInfo {
  /** Who the UI acts as: the machine owner (sign-in link) or the user of a hub token. */
  readonly user: string;
  readonly via: 'link' | 'token';
  readonly role: SessionRole;
  readonly canWrite: boolean;
}

export type SignInRequest = { readonly code: string } | { readonly token: string };

// ---- library ---------------------------------------------------------------------------------

/** Where a repo lives: the local hub's store, or the Hugging Face cache folder. */
export type RepoSource = 'hub' | 'cache';

export interface LibraryRepo {
  readonly source: RepoSource;
  readonly type: RepoType;
  /** "namespace/name" (cache repos may have no namespace: "gpt2"). */
  readonly id: string;
  readonly sizeOnDisk: number;
  readonly files: number;
  /** Hub: branches and tags; cache: snapshots. */
  readonly revisions: number;
  readonly refs: readonly string[];
  /** Hub: last commit or settings change; cache: last access. Null when unknown. */
  readonly lastUsed: number | null;
  readonly private: boolean;
}

export interface CacheStatus {
  readonly available: boolean;
  /** The HF cache folder (HF_HUB_CACHE). */
  readonly path: string | null;
  /** Why the cache could not be read, in plain words. */
  readonly problem: string | null;
}

export interface LibraryResponse {
  readonly repos: readonly LibraryRepo[];
  readonly cache: CacheStatus;
}

// ---- one repo --------------------------------------------------------------------------------

export interface RepoRef {
  /** A pull request's ref is named in full ("refs/pr/3"), as the hub's revisions take it. */
  readonly kind: 'branch' | 'tag' | 'pull-request';
  readonly name: string;
  readonly commit: string;
}

export interface CachedRevision {
  readonly commit: string;
  readonly refs: readonly string[];
  readonly sizeOnDisk: number;
  readonly files: number;
  readonly lastModified: number | null;
}

export interface RepoOverview {
  readonly source: RepoSource;
  readonly type: RepoType;
  readonly id: string;
  readonly private: boolean;
  readonly sizeOnDisk: number;
  /** Hub repos: branches, tags and pull requests' refs/pr/N. Cache repos: the refs files. */
  readonly refs: readonly RepoRef[];
  /** Cache repos: every snapshot; hub repos: empty. */
  readonly revisions: readonly CachedRevision[];
  readonly defaultRevision: string;
  /** The folder that holds the repo on disk (reveal in folder), when it has one. */
  readonly location: string | null;
}

export interface RepoFile {
  readonly path: string;
  readonly size: number;
  /** The git blob oid (of the pointer for LFS files), or the cache's etag. */
  readonly oid: string;
  /** The sha256 of the content, for LFS files. */
  readonly sha256: string | null;
  readonly lfs: boolean;
}

export interface RepoTree {
  readonly commit: string;
  readonly files: readonly RepoFile[];
}

export interface RepoCommit {
  readonly oid: string;
  readonly title: string;
  readonly author: string;
  readonly date: number;
}

export interface CommitsResponse {
  readonly commits: readonly RepoCommit[];
  /** More history exists beyond `commits`. */
  readonly more: boolean;
}

export interface ReadmeResponse {
  readonly path: string;
  readonly text: string;
  readonly truncated: boolean;
}

export type ChangeKind = 'added' | 'removed' | 'modified';

export interface FileChange {
  readonly path: string;
  readonly change: ChangeKind;
  readonly before: { readonly size: number; readonly oid: string } | null;
  readonly after: { readonly size: number; readonly oid: string } | null;
}

export interface DiffResponse {
  readonly from: string;
  readonly to: string;
  readonly changes: readonly FileChange[];
}

/** What deleting a revision (a hub branch or tag, or a cached snapshot) would free. */
export interface DeletePreview {
  readonly freedBytes: number;
  readonly files: number;
  /** Hub revisions: the space comes back at the next garbage collection, not at once. */
  readonly deferred: boolean;
}

export interface DeleteResult {
  readonly freedBytes: number;
  readonly deferred: boolean;
}

export interface LocationResponse {
  readonly path: string;
}

// ---- discussions and pull requests of a hub repo -----------------------------------------------

export type DiscussionStatus = 'draft' | 'open' | 'closed' | 'merged';

export interface DiscussionSummary {
  readonly num: number;
  readonly title: string;
  readonly author: string;
  readonly status: DiscussionStatus;
  readonly isPullRequest: boolean;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly comments: number;
}

/** A pull request's diff longer than this is cut: the UI renders it line by line. */
export const DIFF_MAX_CHARS = 1_000_000;

export interface DiscussionsResponse {
  readonly discussions: readonly DiscussionSummary[];
  /** All discussions of the repo; `discussions` holds the newest `limit` of them. */
  readonly total: number;
}

interface DiscussionEventBase {
  readonly id: number;
  readonly author: string;
  readonly createdAt: number;
}

/** One entry of a discussion's conversation. Comment text is plain text: the UI never renders it as HTML. */
export type DiscussionEventView =
  | (DiscussionEventBase & { readonly type: 'comment'; readonly text: string; readonly edited: boolean; readonly hidden: boolean })
  | (DiscussionEventBase & { readonly type: 'status-change'; readonly status: DiscussionStatus })
  | (DiscussionEventBase & { readonly type: 'commit'; readonly subject: string; readonly oid: string })
  | (DiscussionEventBase & { readonly type: 'title-change'; readonly from: string; readonly to: string });

/** What the signed-in session may do to a discussion (the hub's rules, worked out by the core). */
export interface DiscussionPermissions {
  readonly comment: boolean;
  /** Close or reopen: its author or the repo's writers. */
  readonly changeStatus: boolean;
  /** Merge a pull request: the repo's writers. */
  readonly merge: boolean;
}

export interface DiscussionDetails extends DiscussionSummary {
  readonly events: readonly DiscussionEventView[];
  /** Pull requests: the branch they merge into ("main"), their ref ("refs/pr/3"), the merge commit once merged. */
  readonly baseBranch: string | null;
  readonly ref: string | null;
  readonly mergeCommit: string | null;
  /** Files changed on both sides (a merge would be refused). */
  readonly conflicts: readonly string[];
  /** The pull request's changes as a unified diff (null for a discussion), cut at `DIFF_MAX_CHARS`. */
  readonly diff: string | null;
  readonly diffTruncated: boolean;
  readonly can: DiscussionPermissions;
}

export interface CommentRequest {
  readonly comment: string;
}

export interface DiscussionStatusRequest {
  readonly status: 'open' | 'closed';
}

export interface MergeResponse {
  readonly mergeCommit: string;
}

// ---- remote hubs -----------------------------------------------------------------------------

export interface RemoteHub {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly hasToken: boolean;
}

/** A hub after it was changed: a saved token is bound to its origin, so a new origin drops it. */
export interface SavedHub extends RemoteHub {
  /** True when the endpoint moved to another origin and the saved token was removed: enter it again. */
  readonly tokenDropped: boolean;
}

export interface RemoteSearchResult {
  readonly id: string;
  readonly type: RepoType;
  readonly lastModified: number | null;
  readonly downloads: number | null;
  readonly likes: number | null;
  readonly private: boolean;
  readonly gated: boolean;
}

export interface RemoteSearchResponse {
  readonly results: readonly RemoteSearchResult[];
}

/** A dataset's config (from its card's `configs:` or its file layout) and the files of each split. */
export interface DatasetConfigInfo {
  readonly name: string;
  readonly default: boolean;
  readonly splits: readonly { readonly name: string; readonly files: readonly string[] }[];
}

export interface RemoteRepoInfo {
  readonly id: string;
  readonly type: RepoType;
  readonly commit: string;
  readonly lastModified: number | null;
  readonly gated: boolean;
  readonly private: boolean;
  readonly files: readonly RepoFile[];
  /** Datasets: their configs and splits (empty for models and spaces). */
  readonly datasetConfigs: readonly DatasetConfigInfo[];
}

// ---- downloads -------------------------------------------------------------------------------

export type DownloadState = 'queued' | 'running' | 'paused' | 'failed' | 'done' | 'cancelled';

export interface DownloadFile {
  readonly path: string;
  readonly size: number;
  readonly doneBytes: number;
}

export interface DownloadError {
  /** The core's error code (GatedRepo, Unauthorized, DiskFull, ...). */
  readonly code: string;
  readonly message: string;
}

export interface DownloadJob {
  readonly id: string;
  /** A download into the HF cache, a pull into the local hub, a mirror's scheduled pull, or a push to a remote hub. */
  readonly kind?: 'download' | 'pull' | 'mirror' | 'push';
  readonly state: DownloadState;
  /** The hub it comes from (for a push: the hub it goes to): a remote's name, or "This hub". */
  readonly source: string;
  readonly type: RepoType;
  readonly repo: string;
  readonly revision: string;
  /** Per-file progress, when the engine reports it. */
  readonly files: readonly DownloadFile[];
  readonly filesDone: number | null;
  readonly filesTotal: number | null;
  readonly totalBytes: number;
  readonly doneBytes: number;
  /** Bytes per second, averaged; 0 when not running. */
  readonly speed: number;
  /** Seconds left, or null when unknown. */
  readonly eta: number | null;
  readonly error: DownloadError | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface DownloadsResponse {
  readonly jobs: readonly DownloadJob[];
}

export interface StartDownloadRequest {
  /** A remote hub id, or "local" for this hub. */
  readonly remote: string;
  readonly type: RepoType;
  readonly repo: string;
  readonly revision: string;
  /** Paths to fetch; omitted or empty for the whole revision. */
  readonly paths?: readonly string[];
}

export type DownloadAction = 'pause' | 'resume' | 'cancel' | 'retry';

// ---- disk ------------------------------------------------------------------------------------

export interface DiskRevision {
  readonly commit: string;
  readonly refs: readonly string[];
  readonly sizeOnDisk: number;
}

export interface DiskRepo {
  readonly source: RepoSource;
  readonly type: RepoType;
  readonly id: string;
  readonly sizeOnDisk: number;
  readonly revisions: readonly DiskRevision[];
}

export interface DuplicateContent {
  /** sha256 or git oid. */
  readonly hash: string;
  readonly size: number;
  /** "type:id" of every repo holding it. */
  readonly repos: readonly string[];
  /** Bytes that would be saved if every copy were one. */
  readonly wastedBytes: number;
}

/**
 * How two places hold the same bytes once: a reflink (copy-on-write clone), a hard link (one
 * inode, read-only), or a plain copy (another file system, or links refused).
 */
export type ShareMethod = 'reflink' | 'hardlink' | 'copy';

/** Content the hub's store and the HF cache both hold, and how they share it. */
export interface DiskSharing {
  /** How content taken from one into the other is held: what the two folders' file systems allow. */
  readonly method: ShareMethod;
  /** Files held by both as one inode (hard links), and their bytes, counted once in totalBytes. */
  readonly sharedFiles: number;
  readonly sharedBytes: number;
}

export interface DiskUsage {
  /** The hub's repos and the HF cache together, with bytes both hold as one inode counted once. */
  readonly totalBytes: number;
  readonly repos: readonly DiskRepo[];
  readonly duplicates: readonly DuplicateContent[];
  readonly cache: CacheStatus;
  readonly sharing: DiskSharing;
}

export interface CleanupRequest {
  /** Cached snapshots to delete, as "type:id@commit". */
  readonly revisions: readonly string[];
}

export interface CleanupPreview {
  readonly freedBytes: number;
  readonly revisions: number;
}

// ---- settings --------------------------------------------------------------------------------

export interface Settings {
  readonly hubs: readonly RemoteHub[];
  readonly cacheDir: string | null;
  /** Files of at least this many bytes are stored as LFS objects; a change applies to the next upload. */
  readonly lfsThreshold: number;
  /** HUBKEEPER_LFS_THRESHOLD (or a start option) fixes the threshold for this run: it cannot be changed here. */
  readonly lfsThresholdLocked: boolean;
  /** Where the server listens now, "host:port". */
  readonly bindAddress: string;
  /** The address saved for the next start, "host:port"; null when none is saved. */
  readonly savedBindAddress: string | null;
  /** --host/--port (or HUBKEEPER_HOST/HUBKEEPER_PORT) win over the saved address at start. */
  readonly bindAddressOverridden: boolean;
  readonly dataDir: string;
}

/** `PUT /settings/server`: the values to change; all are checked before any is saved. */
export interface ServerSettingsUpdate {
  /** Bytes, from 1 KiB to 1 GiB. */
  readonly lfsThreshold?: number;
  /** "host:port", an IPv6 host in brackets. */
  readonly bindAddress?: string;
}

export interface HubInput {
  readonly name: string;
  readonly endpoint: string;
  /** Omitted: keep the stored token; empty string: remove it. */
  readonly token?: string;
}

// ---- tokens ----------------------------------------------------------------------------------

/** A hub token as the Tokens screen lists it: never the secret, only its last four characters. */
export interface TokenSummary {
  readonly id: number;
  readonly user: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  /** Null for tokens made before these were recorded. */
  readonly lastFour: string | null;
}

export interface TokensResponse {
  readonly tokens: readonly TokenSummary[];
}

// ---- sync --------------------------------------------------------------------------------------

/** `POST /sync/push`: push a local repo to a remote hub (a saved hub's id or name, or a URL) as a queued job. */
export interface PushStartRequest {
  readonly remote: string;
  readonly type?: RepoType;
  readonly repo: string;
  readonly revision?: string;
  /** The remote repo id; default: the local one. */
  readonly as?: string;
  readonly create?: boolean;
  readonly private?: boolean;
  readonly force?: boolean;
}

export interface SyncJobStarted {
  readonly jobId: string;
  readonly title: string;
}

// ---- sync: mirrors and status ----------------------------------------------------------------

/** The outcome of a mirror's last run. */
export interface MirrorResult {
  /** When the run ended (ms since the epoch). */
  readonly at: number;
  readonly ok: boolean;
  /** "2 commits, 3 files (1.2 MB)", "up to date", or why it failed. */
  readonly message: string;
  /** True when the run made local commits or tags. */
  readonly updated: boolean;
  readonly localCommit?: string;
  readonly remoteCommit?: string;
  readonly filesTransferred?: number;
  readonly bytesTransferred?: number;
}

/** A pull schedule: the server pulls `remoteRepo` from `endpoint` into `repo` every `everyMs`. */
export interface SyncMirror {
  readonly id: number;
  readonly type: RepoType;
  readonly repo: string;
  readonly endpoint: string;
  readonly remoteRepo: string;
  /** Null: on demand only. */
  readonly everyMs: number | null;
  readonly history: boolean;
  readonly allRefs: boolean;
  readonly createdAt: number;
  readonly lastRunAt: number | null;
  /** Null when on demand only. */
  readonly nextRunAt: number | null;
  readonly lastResult: MirrorResult | null;
}

/** What a pull would move, without moving it (`pull --dry-run`, the sync panel's preview). */
export interface PullPreview {
  readonly repo: string;
  readonly remoteCommit: string;
  /** The local branch head it compares with; null when the repo or branch does not exist yet. */
  readonly localCommit: string | null;
  readonly upToDate: boolean;
  /** Files added or changed, and removed, between the local head and the remote's tree. */
  readonly filesChanged: number;
  readonly filesRemoved: number;
  /** Of the changed files, those whose bytes the hub store lacks (the HF cache may still hold some). */
  readonly filesToFetch: number;
  readonly bytesToFetch: number;
  readonly files: ReadonlyArray<{ readonly path: string; readonly size: number; readonly fetch: boolean }>;
  /** With --history: remote commits not pulled yet. */
  readonly newCommits?: number;
}

/** What a push would send, without sending it (`push --dry-run`, the sync panel's push preview). */
export interface PushPreview {
  /** The local repo. */
  readonly repo: string;
  readonly remoteRepo: string;
  readonly endpoint: string;
  /** The remote branch it would write. */
  readonly branch: string;
  readonly localCommit: string;
  /** The remote branch's head; null when the repo (see remoteExists) or the branch does not exist yet. */
  readonly remoteCommit: string | null;
  /** False: the push needs --create (the Create option). */
  readonly remoteExists: boolean;
  /** The remote's tree is the local one already: nothing to push. */
  readonly upToDate: boolean;
  /** Files whose oid differs from the remote's, and their bytes (an LFS object the remote already holds is not sent again, so this is at most what moves). */
  readonly filesToSend: number;
  readonly bytesToSend: number;
  readonly filesToDelete: number;
  readonly files: ReadonlyArray<{ readonly path: string; readonly size: number; readonly lfs: boolean }>;
  readonly deleted: readonly string[];
  /** Why a push without force would be refused (the remote moved since the last sync), or null. */
  readonly divergence: string | null;
}

/** The last sync of a local branch with a remote revision: which commits were equal then. */
export interface SyncPoint {
  readonly direction: 'pull' | 'push';
  readonly at: number;
  readonly localCommit: string;
  readonly remoteCommit: string;
}

/** A remote revision linked to a local branch (by pulls, pushes or a mirror), and how far apart they are. */
export interface SyncLink {
  readonly endpoint: string;
  readonly remoteRepo: string;
  readonly revision: string;
  readonly localBranch: string;
  readonly lastSync: SyncPoint | null;
  /** Local commits since the last synced local commit (null: the branch is gone, or it never synced). */
  readonly ahead: number | null;
  /** Remote commits since the last synced remote commit (null: unknown, see `error`). */
  readonly behind: number | null;
  /** True when `behind` is a lower bound: the synced commit is not among the remote's newest commits read. */
  readonly behindAtLeast: boolean;
  readonly remoteHead: string | null;
  /** From structure tracking, where the remote repo is tracked: a newer remote commit than the last sync. */
  readonly updateAvailable: { readonly commit: string; readonly checkedAt: number | null } | null;
  readonly mirror: SyncMirror | null;
  /** Why the remote could not be asked. */
  readonly error: string | null;
}

export interface SyncStatusResponse {
  readonly type: RepoType;
  readonly repo: string;
  readonly links: readonly SyncLink[];
}

// ---- events (SSE) ----------------------------------------------------------------------------

export type AppEvent =
  | { readonly type: 'download'; readonly job: DownloadJob }
  | { readonly type: 'download-removed'; readonly id: string }
  | { readonly type: 'library-changed' }
  | { readonly type: 'tracking-refresh'; readonly refresh: RefreshProgressView }
  /** A scheduled mirror ran: updated, up to date, or failed. */
  | { readonly type: 'mirror'; readonly mirror: SyncMirror };

// ---- deep links --------------------------------------------------------------------------------

/** `GET /deep-link?url=`: a `hubkeeper://` link, checked (see src/shared/deep-link.ts). */
export interface DeepLinkResponse {
  readonly link: DeepLink;
}
