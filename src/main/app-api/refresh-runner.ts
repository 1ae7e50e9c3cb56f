import type { RefreshState } from '../../shared/tracking-api.js';
import { CATALOG_REFRESH_JOB, describeTracked, type Catalog, type RefreshJobParams, type RefreshJobResult, type TrackedRepo } from '../catalog/index.js';
import type { JobInfo, JobQueue } from '../jobs/index.js';

export interface RefreshRun {
  readonly repo: TrackedRepo;
  readonly status: RefreshState;
  readonly error: string | null;
}

/** Refreshes one tracked repo, or every one without it, and answers when they are done. */
export type RefreshRunner = (only: TrackedRepo | undefined, signal: AbortSignal) => Promise<RefreshRun[]>;

/** Refreshes run in this request (no job queue): the catalog's own limit of 4 at once applies. */
export function inlineRefreshes(catalog: Catalog): RefreshRunner {
  return async (only, signal) => {
    const selector = only === undefined ? undefined : { repo: only.repo, endpoint: only.endpoint, repoType: only.repoType, revision: only.revision };
    return (await catalog.refresh(selector, { signal })).map(({ repo, status, error }) => ({ repo, status, error }));
  };
}

/**
 * Refreshes as jobs of the persistent queue (as the scheduler runs them, so its limits and the
 * job list apply): a repo whose refresh is queued or running already joins that one, a paused one
 * is resumed. Answers with each job's outcome when all have ended.
 */
export function queuedRefreshes(catalog: Catalog, jobs: JobQueue): RefreshRunner {
  return (only, signal) => {
    const repos = only === undefined ? catalog.list().filter((repo) => repo.source === 'remote') : [only];
    const open = jobs.list().filter((job) => job.kind === CATALOG_REFRESH_JOB && (job.state === 'queued' || job.state === 'running' || job.state === 'paused'));
    return Promise.all(
      repos.map(async (repo): Promise<RefreshRun> => {
        const joined = open.find((job) => trackedIdOf(job) === repo.id);
        const job = joined === undefined ? jobs.enqueue(CATALOG_REFRESH_JOB, { trackedId: repo.id, name: describeTracked(repo) } satisfies RefreshJobParams) : joined;
        if (job.state === 'paused') jobs.resume(job.id);
        const ended = await jobs.waitFor(job.id, signal);
        const now = catalog.list().find((candidate) => candidate.id === repo.id) ?? repo;
        if (ended.state === 'done') return { repo: now, status: (ended.result as RefreshJobResult).status, error: null };
        return { repo: now, status: 'failed', error: ended.error ?? `The refresh was ${ended.state}` };
      }),
    );
  };
}

/** The tracked repo a refresh job names. */
export function trackedIdOf(job: JobInfo): number | undefined {
  const params = job.params as Partial<RefreshJobParams> | null;
  return typeof params?.trackedId === 'number' ? params.trackedId : undefined;
}
