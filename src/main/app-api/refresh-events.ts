import type { RefreshProgressView } from '../../shared/tracking-api.js';
import { CATALOG_REFRESH_JOB } from '../catalog/index.js';
import type { JobInfo, JobProgressEvent, JobQueue } from '../jobs/index.js';
import type { AppEvents } from './app-events.js';
import { trackedIdOf } from './refresh-runner.js';

/**
 * Publishes the catalog-refresh jobs of the queue (a click, the schedule, another window) as
 * `tracking-refresh` events: each state change, and the entries listed while it runs (the queue
 * throttles progress per job). Returns a function that stops listening.
 */
export function publishRefreshEvents(jobs: JobQueue, events: AppEvents): () => void {
  const listed = new Map<number, number>();
  const publish = (job: JobInfo, filesListed: number): void => {
    const trackedId = trackedIdOf(job);
    if (trackedId === undefined) return;
    const refresh: RefreshProgressView = { trackedId, state: job.state, filesListed, error: job.state === 'failed' ? (job.error ?? 'The refresh failed') : null };
    events.publish({ type: 'tracking-refresh', refresh });
  };
  const onState = ({ job }: { job: JobInfo }): void => {
    if (job.kind !== CATALOG_REFRESH_JOB) return;
    const filesListed = listed.get(job.id) ?? 0;
    if (job.state !== 'running') listed.delete(job.id);
    publish(job, filesListed);
  };
  const onProgress = (event: JobProgressEvent): void => {
    if (event.kind !== CATALOG_REFRESH_JOB) return;
    const filesListed = typeof event.detail?.filesListed === 'number' ? event.detail.filesListed : 0;
    listed.set(event.jobId, filesListed);
    const job = jobs.get(event.jobId);
    if (job?.state === 'running') publish(job, filesListed);
  };
  jobs.events.on('state', onState);
  jobs.events.on('progress', onProgress);
  return () => {
    jobs.events.off('state', onState);
    jobs.events.off('progress', onProgress);
  };
}
