import type {
  CacheStatus,
  CleanupPreview,
  DiskUsage,
  DownloadAction,
  DownloadJob,
  PullPreview,
  PushPreview,
  RemoteRepoInfo,
  RemoteSearchResponse,
  SyncMirror,
  SyncStatusResponse,
} from '../../shared/app-api.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { DownloadRequest } from '../download/index.js';
import type { MirrorInput, PullSpec, PushSpec } from '../sync/index.js';

/**
 * What the app API needs from the core's other modules, in the UI's terms. The composition root
 * builds these from the cache engine, the jobs queue and the upstream client (see adapters); a
 * missing one makes its routes answer 501 with a plain message.
 */

export type CacheStatusSource = () => Promise<CacheStatus>;

export interface DiskPort {
  usage(signal?: AbortSignal): Promise<DiskUsage>;
  /** What deleting cached snapshots ("type:id@commit") would free. */
  previewCleanup(revisions: readonly string[]): Promise<CleanupPreview>;
  cleanup(revisions: readonly string[]): Promise<CleanupPreview>;
}

export interface DownloadsPort {
  list(): Promise<DownloadJob[]>;
  /** Queues a download; `source` names the hub as the UI shows it ("This hub", a saved hub's name). */
  start(request: DownloadRequest, source: string): Promise<DownloadJob>;
  /** Queues a pull into the local hub (a `sync-pull` job), listed beside the downloads. */
  startPull(spec: PullSpec, source: string): Promise<DownloadJob>;
  act(id: string, action: DownloadAction): Promise<DownloadJob>;
  /** Every change of every job (progress included); returns the unsubscribe function. */
  subscribe(listener: (job: DownloadJob) => void): () => void;
}

export interface RemoteHubTarget {
  readonly endpoint: string;
  readonly token: string | undefined;
}

export interface RemotePort {
  search(target: RemoteHubTarget, type: RepoType, query: string, limit: number, signal?: AbortSignal): Promise<RemoteSearchResponse>;
  info(target: RemoteHubTarget, type: RepoType, repo: string, revision: string, signal?: AbortSignal): Promise<RemoteRepoInfo>;
}

/** Pulls, mirrors and sync status of local hub repos (the repo view's sync panel). */
export interface SyncPort {
  /** What a pull would move now, moving nothing. */
  preview(spec: PullSpec, signal?: AbortSignal): Promise<PullPreview>;
  /** What a push would send now, and whether it would be refused; sends nothing. */
  pushPreview(spec: PushSpec, signal?: AbortSignal): Promise<PushPreview>;
  status(type: RepoType, repo: string, signal?: AbortSignal): Promise<SyncStatusResponse>;
  mirrors(): SyncMirror[];
  mirror(id: number): SyncMirror | undefined;
  /** Adds or changes a mirror; the scheduler looks at it at once. */
  setMirror(input: MirrorInput): SyncMirror;
  removeMirror(id: number): SyncMirror | undefined;
}
