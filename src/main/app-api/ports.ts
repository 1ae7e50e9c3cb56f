import type {
  CacheStatus,
  CleanupPreview,
  DiskUsage,
  DownloadAction,
  DownloadJob,
  RemoteRepoInfo,
  RemoteSearchResponse,
} from '../../shared/app-api.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { DownloadRequest } from '../download/index.js';

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
