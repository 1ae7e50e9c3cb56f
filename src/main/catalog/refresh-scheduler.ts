import { PeriodicJobScheduler, type JobQueue, type ScheduleEntry } from '../jobs/index.js';
import type { Catalog } from './catalog.js';
import { CATALOG_REFRESH_JOB, type RefreshJobParams } from './refresh-job.js';
import { nextRefreshAt } from './refresh-schedule.js';
import { describeTracked } from './tracked-repo.js';

export interface RefreshSchedulerOptions {
  readonly catalog: Catalog;
  readonly jobs: JobQueue;
  /** Repos refreshing (queued or running) at once, at most. */
  readonly maxRefreshing?: number;
  /** Repos tracked or refreshed by another process (the CLI) are seen within this long. */
  readonly pollMs?: number;
  readonly now?: () => number;
  /** A look at the schedule that failed (the next one is tried all the same). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Refreshes tracked remote repos on their schedules: a repo whose period has passed since its last
 * refresh gets a refresh job in the persistent queue, most overdue first, at most `maxRefreshing`
 * at once, never two for one repo (see PeriodicJobScheduler).
 */
export class RefreshScheduler {
  private readonly scheduler: PeriodicJobScheduler<RefreshJobParams>;

  constructor(options: RefreshSchedulerOptions) {
    const { catalog } = options;
    this.scheduler = new PeriodicJobScheduler({
      jobs: options.jobs,
      kind: CATALOG_REFRESH_JOB,
      entries: function* (): Generator<ScheduleEntry<RefreshJobParams>> {
        for (const repo of catalog.list()) {
          if (repo.source !== 'remote' || repo.everyMs === null) continue;
          yield { key: repo.id, dueAt: nextRefreshAt(repo), everyMs: repo.everyMs, params: { trackedId: repo.id, name: describeTracked(repo) } };
        }
      },
      keyOf: (params) => {
        const trackedId = (params as Partial<RefreshJobParams> | null)?.trackedId;
        return typeof trackedId === 'number' ? trackedId : undefined;
      },
      ...(options.maxRefreshing === undefined ? {} : { maxRunning: options.maxRefreshing }),
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
  }

  start(): void {
    this.scheduler.start();
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Looks at the schedule now (a repo was tracked, or its schedule changed). */
  check(): void {
    this.scheduler.check();
  }
}
