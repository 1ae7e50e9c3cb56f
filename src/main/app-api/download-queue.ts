import type { DownloadJob } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { DOWNLOAD_JOB, parseDownloadRequest } from '../download/index.js';
import { trimEndpoint } from '../../shared/endpoint.js';
import { type JobInfo, type JobProgressEvent, type JobQueue } from '../jobs/index.js';
import type { HubRegistry } from '../credentials/index.js';
import { SYNC_MIRROR_JOB, SYNC_PULL_JOB, SYNC_PUSH_JOB, parsePullSpec, parsePushSpec, type MirrorJobParams } from '../sync/index.js';
import { jobErrorCode } from './job-error-code.js';
import type { DownloadsPort } from './ports.js';

export interface DownloadQueueOptions {
  readonly jobs: JobQueue;
  readonly hubs: HubRegistry;
  /** The engine's default hub (HF_ENDPOINT), used by jobs that name no endpoint. */
  readonly defaultEndpoint: string;
}

/** The jobs the downloads screen lists: downloads, and pulls into the local hub and pushes out of it beside them (same pause/resume/cancel). */
const LISTED_KINDS: ReadonlySet<string> = new Set([DOWNLOAD_JOB, SYNC_PULL_JOB, SYNC_MIRROR_JOB, SYNC_PUSH_JOB]);

interface JobSubject {
  readonly kind: NonNullable<DownloadJob['kind']>;
  readonly endpoint: string | undefined;
  readonly type: DownloadJob['type'];
  readonly repo: string;
  readonly revision: string;
  readonly filesTotal: number | null;
}

/** What a listed job moves, from its params. */
function subjectOf(job: JobInfo): JobSubject {
  if (job.kind === SYNC_PULL_JOB) {
    const spec = parsePullSpec(job.params);
    return { kind: 'pull', endpoint: spec.endpoint, type: spec.repoType, repo: spec.as ?? spec.repo, revision: spec.allRefs ? 'all refs' : spec.revision, filesTotal: null };
  }
  if (job.kind === SYNC_MIRROR_JOB) {
    const params = job.params as MirrorJobParams;
    return { kind: 'mirror', endpoint: params.endpoint, type: params.type, repo: params.repo, revision: 'main', filesTotal: null };
  }
  if (job.kind === SYNC_PUSH_JOB) {
    const spec = parsePushSpec(job.params);
    return { kind: 'push', endpoint: spec.endpoint, type: spec.repoType, repo: spec.repo, revision: spec.revision, filesTotal: null };
  }
  const params = parseDownloadRequest(job.params);
  return { kind: 'download', endpoint: params.endpoint, type: params.repoType, repo: params.repoId, revision: params.revision, filesTotal: params.files?.length ?? null };
}

function jobId(id: string): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError('NotFound', `No download ${id}`);
  return value;
}

/** The job queue's download jobs, as the downloads screen shows them, with live progress. */
export function createDownloadQueue(options: DownloadQueueOptions): DownloadsPort {
  const { jobs, hubs } = options;
  const progress = new Map<number, JobProgressEvent>();
  // Names given at start time ("This hub"); jobs from an earlier run fall back to the hub list.
  const labels = new Map<number, string>();

  function sourceLabel(job: JobInfo, endpoint: string): string {
    const known = labels.get(job.id);
    if (known !== undefined) return known;
    const hub = hubs.list().find((candidate) => candidate.endpoint === trimEndpoint(endpoint));
    if (hub) return hub.name;
    try {
      return new URL(endpoint).host;
    } catch {
      return endpoint;
    }
  }

  function toDownload(job: JobInfo): DownloadJob {
    const subject = subjectOf(job);
    const live = job.state === 'running' ? progress.get(job.id) : undefined;
    const total = live?.bytesTotal ?? job.bytesTotal ?? 0;
    const done = job.state === 'done' ? Math.max(total, live?.bytesDone ?? job.bytesDone) : (live?.bytesDone ?? job.bytesDone);
    const filesDone = live?.detail?.filesDone;
    const filesTotal = live?.detail?.filesTotal;
    return {
      id: String(job.id),
      kind: subject.kind,
      state: job.state,
      source: sourceLabel(job, subject.endpoint ?? options.defaultEndpoint),
      type: subject.type,
      repo: subject.repo,
      revision: subject.revision,
      files: (live?.files ?? []).map((file) => ({ path: file.path, size: file.total, doneBytes: file.done })),
      filesDone: typeof filesDone === 'number' ? filesDone : null,
      filesTotal: typeof filesTotal === 'number' ? filesTotal : subject.filesTotal,
      totalBytes: job.state === 'done' ? done : total,
      doneBytes: done,
      speed: live?.speed ?? 0,
      eta: live?.etaSeconds ?? null,
      error: job.error === undefined ? null : { code: jobErrorCode(job.error), message: job.error },
      createdAt: job.createdAt,
      finishedAt: job.finishedAt ?? null,
    };
  }

  function require(id: string): JobInfo {
    const job = jobs.get(jobId(id));
    if (job === undefined || !LISTED_KINDS.has(job.kind)) throw new AppError('NotFound', `No download ${id}`);
    return job;
  }

  return {
    list: () => Promise.resolve(jobs.list().filter((job) => LISTED_KINDS.has(job.kind)).map(toDownload)),

    start(request, source) {
      const job = jobs.enqueue(DOWNLOAD_JOB, request);
      labels.set(job.id, source);
      return Promise.resolve(toDownload(jobs.get(job.id) ?? job));
    },

    startPull(spec, source) {
      const job = jobs.enqueue(SYNC_PULL_JOB, spec);
      labels.set(job.id, source);
      return Promise.resolve(toDownload(jobs.get(job.id) ?? job));
    },

    async act(id, action) {
      const job = require(id);
      switch (action) {
        case 'pause':
          return toDownload(await jobs.pause(job.id));
        case 'resume':
          return toDownload(jobs.resume(job.id));
        case 'cancel':
          return toDownload(await jobs.cancel(job.id));
        case 'retry': {
          if (job.state === 'failed' || job.state === 'paused') return toDownload(jobs.resume(job.id));
          if (job.state !== 'cancelled') throw new AppError('Conflict', 'Only failed or cancelled downloads can be retried');
          const again = jobs.enqueue(job.kind, job.params);
          const label = labels.get(job.id);
          if (label !== undefined) labels.set(again.id, label);
          return toDownload(jobs.get(again.id) ?? again);
        }
      }
    },

    subscribe(listener) {
      const onState = ({ job }: { job: JobInfo }): void => {
        if (!LISTED_KINDS.has(job.kind)) return;
        if (job.state !== 'running') progress.delete(job.id);
        listener(toDownload(job));
      };
      const onProgress = (event: JobProgressEvent): void => {
        if (!LISTED_KINDS.has(event.kind)) return;
        progress.set(event.jobId, event);
        const job = jobs.get(event.jobId);
        if (job) listener(toDownload(job));
      };
      jobs.events.on('state', onState);
      jobs.events.on('progress', onProgress);
      return () => {
        jobs.events.off('state', onState);
        jobs.events.off('progress', onProgress);
      };
    },
  };
}
