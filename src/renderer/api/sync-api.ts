import { APP_API_PREFIX, type DownloadJob, type PullPreview, type PushPreview, type PushStartRequest, type SyncJobStarted, type SyncMirror, type SyncStatusResponse } from '../../shared/app-api.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { JsonTransport } from './tracking-api.js';

export interface PullRequestBody {
  /** A saved hub's id or name, or a hub URL. */
  readonly remote: string;
  readonly revision?: string;
  readonly history?: boolean;
  readonly allRefs?: boolean;
}

export interface MirrorRequestBody {
  readonly remote: string;
  readonly type: RepoType;
  readonly repo: string;
  readonly every: string;
  readonly history: boolean;
  readonly allRefs: boolean;
}

/** The sync panel's calls (/-/api/v1/sync/...). */
export interface SyncApi {
  status(type: RepoType, repo: string, signal?: AbortSignal): Promise<SyncStatusResponse>;
  /** What a pull would move now; moves nothing. */
  preview(type: RepoType, repo: string, remote: string, history: boolean, signal?: AbortSignal): Promise<PullPreview>;
  /** Queues a pull (a job listed with the downloads). */
  pull(type: RepoType, repo: string, body: PullRequestBody): Promise<DownloadJob>;
  /** What a push would send now, and whether it would be refused; sends nothing. */
  pushPreview(type: RepoType, repo: string, remote: string, signal?: AbortSignal): Promise<PushPreview>;
  /** Queues a push (a job listed with the downloads). */
  push(body: PushStartRequest): Promise<SyncJobStarted>;
  mirrors(signal?: AbortSignal): Promise<{ mirrors: SyncMirror[] }>;
  addMirror(body: MirrorRequestBody): Promise<SyncMirror>;
  removeMirror(id: number): Promise<void>;
}

const BASE = `${APP_API_PREFIX}/sync`;

export function createSyncApi(transport: JsonTransport): SyncApi {
  const repoPath = (type: RepoType, repo: string, suffix: string): string => `${BASE}/${type}/${encodeURIComponent(repo)}${suffix}`;
  // The core builds these answers from the same shared types; they are not re-validated field by field.
  return {
    status: (type, repo, signal) => transport.get(repoPath(type, repo, '/status'), signal) as Promise<SyncStatusResponse>,
    preview: (type, repo, remote, history, signal) =>
      transport.get(`${repoPath(type, repo, '/preview')}?${new URLSearchParams({ remote, ...(history ? { history: '1' } : {}) }).toString()}`, signal) as Promise<PullPreview>,
    pull: (type, repo, body) => transport.send('POST', repoPath(type, repo, '/pull'), body) as Promise<DownloadJob>,
    pushPreview: (type, repo, remote, signal) =>
      transport.get(`${repoPath(type, repo, '/push-preview')}?${new URLSearchParams({ remote }).toString()}`, signal) as Promise<PushPreview>,
    push: (body) => transport.send('POST', `${BASE}/push`, body) as Promise<SyncJobStarted>,
    mirrors: (signal) => transport.get(`${BASE}/mirrors`, signal) as Promise<{ mirrors: SyncMirror[] }>,
    addMirror: (body) => transport.send('POST', `${BASE}/mirrors`, body) as Promise<SyncMirror>,
    removeMirror: async (id) => {
      await transport.send('DELETE', `${BASE}/mirrors/${id}`);
    },
  };
}
