import type { StateCreator } from 'zustand/vanilla';
import type { AppEvent, DownloadAction, DownloadJob, StartDownloadRequest } from '../../shared/app-api.js';
import type { ApiClient } from '../api/api-client.js';
import type { AppState } from './app-store.js';
import { describeError } from './query-slice.js';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

export interface DownloadsState {
  readonly jobs: Readonly<Record<string, DownloadJob>>;
  readonly loaded: boolean;
  readonly error: string | undefined;
}

export interface DownloadsSlice {
  readonly downloads: DownloadsState;
  readonly stream: StreamStatus;
  readonly loadDownloads: () => Promise<void>;
  readonly applyEvent: (event: AppEvent) => void;
  readonly setStream: (status: StreamStatus) => void;
  /** Resolves with an error message, or undefined on success. */
  readonly startDownload: (request: StartDownloadRequest) => Promise<string | undefined>;
  readonly actOnDownload: (id: string, action: DownloadAction) => Promise<string | undefined>;
}

export interface DownloadsSliceDeps {
  readonly api: ApiClient;
}

/** Queries a finished download changes: the library and disk usage. */
const CHANGED_BY_DOWNLOADS = ['library', 'disk', 'repo:cache', 'tree:cache'];
/** Queries a finished pull into the local hub (or a mirror's run, or a push) changes: hub repos and their sync status. */
const CHANGED_BY_PULLS = ['library', 'disk', 'repo:hub', 'tree:hub', 'commits:hub', 'sync:'];

const ACTIVE: ReadonlySet<DownloadJob['state']> = new Set(['queued', 'running', 'paused']);

export function isActive(job: DownloadJob): boolean {
  return ACTIVE.has(job.state);
}

/** Active jobs first (oldest first, as they run), then the history (newest first). */
export function orderJobs(jobs: Readonly<Record<string, DownloadJob>>): DownloadJob[] {
  return Object.values(jobs).sort((a, b) => {
    const activeA = isActive(a);
    const activeB = isActive(b);
    if (activeA !== activeB) return activeA ? -1 : 1;
    if (activeA) return a.createdAt - b.createdAt;
    return (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt);
  });
}

export function createDownloadsSlice(deps: DownloadsSliceDeps): StateCreator<AppState, [], [], DownloadsSlice> {
  return (set, get) => {
    function upsert(job: DownloadJob): void {
      const previous = get().downloads.jobs[job.id];
      set((state) => ({ downloads: { ...state.downloads, jobs: { ...state.downloads.jobs, [job.id]: job } } }));
      if (job.state === 'done' && previous?.state !== 'done') get().invalidateQueries(...(job.kind === 'pull' || job.kind === 'mirror' || job.kind === 'push' ? CHANGED_BY_PULLS : CHANGED_BY_DOWNLOADS));
    }

    async function run(action: () => Promise<DownloadJob>): Promise<string | undefined> {
      try {
        upsert(await action());
        return undefined;
      } catch (error) {
        return describeError(error).message;
      }
    }

    return {
      downloads: { jobs: {}, loaded: false, error: undefined },
      stream: 'connecting',
      loadDownloads: async () => {
        try {
          const { jobs } = await deps.api.getDownloads();
          const byId: Record<string, DownloadJob> = {};
          for (const job of jobs) byId[job.id] = job;
          set({ downloads: { jobs: byId, loaded: true, error: undefined } });
        } catch (error) {
          set((state) => ({ downloads: { ...state.downloads, loaded: true, error: describeError(error).message } }));
        }
      },
      applyEvent: (event) => {
        if (event.type === 'download') upsert(event.job);
        else if (event.type === 'download-removed') {
          set((state) => {
            const jobs = { ...state.downloads.jobs };
            delete jobs[event.id];
            return { downloads: { ...state.downloads, jobs } };
          });
        } else if (event.type === 'tracking-refresh') get().applyRefreshProgress(event.refresh);
        else if (event.type === 'mirror') {
          // A scheduled mirror ran: a notification, and what it may have changed.
          const result = event.mirror.lastResult;
          if (result) get().notify(`Mirror of ${event.mirror.repo} from ${event.mirror.endpoint}: ${result.ok ? result.message : `failed: ${result.message}`}`, result.ok ? 'ok' : 'error');
          get().invalidateQueries(...CHANGED_BY_PULLS);
        } else get().invalidateQueries('library', 'disk');
      },
      setStream: (status) => set({ stream: status }),
      startDownload: (request) => run(() => deps.api.startDownload(request)),
      actOnDownload: (id, action) => run(() => deps.api.actOnDownload(id, action)),
    };
  };
}
