import { TERMINAL_STATES, type JobInfo, type JobQueue, type JobState, type JobStateEvent } from '../jobs/index.js';
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

/** A timer shorter than this is not worth setting: due repos are enqueued on this pass. */
const MIN_DELAY_MS = 50;

/**
 * Refreshes tracked remote repos on their schedules: a repo whose period has passed since its last
 * refresh gets a refresh job in the persistent queue (its progress reaches the UI through the
 * queue's events), most overdue first, at most `maxRefreshing` at once; a repo with a refresh
 * queued, running or paused gets no second one. It wakes at the next due time, when a refresh
 * job ends, and every `pollMs` to see what other processes changed.
 */
export class RefreshScheduler {
  private readonly maxRefreshing: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  /** Refresh jobs not finished: job id → the tracked repo and the job's state. */
  private readonly pending = new Map<number, { trackedId: number; state: JobState }>();
  /** When this process last enqueued each repo: a cancelled refresh is not enqueued again at once. */
  private readonly lastQueued = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly onState = ({ job }: JobStateEvent): void => this.jobChanged(job);

  constructor(private readonly options: RefreshSchedulerOptions) {
    this.maxRefreshing = options.maxRefreshing ?? 4;
    this.pollMs = options.pollMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const job of this.options.jobs.list()) this.jobChanged(job);
    this.options.jobs.events.on('state', this.onState);
    this.check();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.options.jobs.events.off('state', this.onState);
  }

  /** Looks at the schedule now (a repo was tracked, or its schedule changed). */
  check(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const now = this.now();
    let wakeAt = now + this.pollMs;
    try {
      wakeAt = Math.min(wakeAt, this.enqueueDue(now));
    } catch (error) {
      this.options.onError?.(error);
    }
    this.timer = setTimeout(() => this.check(), Math.max(MIN_DELAY_MS, wakeAt - now));
    this.timer.unref();
  }

  /** Enqueues the repos that are due, as many as the limit allows; returns when the next one falls due. */
  private enqueueDue(now: number): number {
    const busy = new Set([...this.pending.values()].map((job) => job.trackedId));
    let refreshing = [...this.pending.values()].filter((job) => job.state === 'queued' || job.state === 'running').length;
    let nextDue = Number.POSITIVE_INFINITY;
    const due: { id: number; name: string; at: number }[] = [];
    for (const repo of this.options.catalog.list()) {
      const scheduled = nextRefreshAt(repo);
      if (repo.source !== 'remote' || scheduled === null || repo.everyMs === null || busy.has(repo.id)) continue;
      const at = Math.max(scheduled, (this.lastQueued.get(repo.id) ?? Number.NEGATIVE_INFINITY) + repo.everyMs);
      if (at > now) nextDue = Math.min(nextDue, at);
      else due.push({ id: repo.id, name: describeTracked(repo), at });
    }
    for (const repo of due.sort((a, b) => a.at - b.at)) {
      // A refresh job that ends wakes the scheduler for the rest.
      if (refreshing >= this.maxRefreshing) break;
      const params: RefreshJobParams = { trackedId: repo.id, name: repo.name };
      this.options.jobs.enqueue(CATALOG_REFRESH_JOB, params);
      this.lastQueued.set(repo.id, now);
      refreshing += 1;
    }
    return nextDue;
  }

  private jobChanged(job: JobInfo): void {
    if (job.kind !== CATALOG_REFRESH_JOB) return;
    const trackedId = (job.params as Partial<RefreshJobParams> | null)?.trackedId;
    if (typeof trackedId !== 'number') return;
    if (!TERMINAL_STATES.has(job.state)) {
      this.pending.set(job.id, { trackedId, state: job.state });
      return;
    }
    const wasPending = this.pending.delete(job.id);
    // Not from inside the queue's own event: the queue is still finishing the job.
    if (wasPending && this.running) setImmediate(() => this.check());
  }
}
