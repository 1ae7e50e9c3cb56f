import { TERMINAL_STATES, type JobInfo, type JobState } from './job-info.js';
import type { JobStateEvent } from './job-events.js';
import type { JobQueue } from './job-queue.js';

/** One entry of a schedule (a tracked repo, a mirror): when it is next due, and the job that serves it. */
export interface ScheduleEntry<P> {
  /** Names the entry in the job's params (see `keyOf`). */
  readonly key: number;
  /** When it is next due (ms since the epoch); null: on demand only. */
  readonly dueAt: number | null;
  readonly everyMs: number;
  /** The params of the job it gets. */
  readonly params: P;
}

export interface PeriodicJobSchedulerOptions<P> {
  readonly jobs: JobQueue;
  /** The job kind it enqueues. */
  readonly kind: string;
  /** The schedule, read at every pass (other processes may change it). */
  readonly entries: () => Iterable<ScheduleEntry<P>>;
  /** Which entry a job of `kind` serves, from its params. */
  readonly keyOf: (params: unknown) => number | undefined;
  /** Jobs of `kind` queued or running at once, at most. */
  readonly maxRunning?: number;
  /** Entries added or changed by another process (the CLI) are seen within this long. */
  readonly pollMs?: number;
  readonly now?: () => number;
  /** A look at the schedule that failed (the next one is tried all the same). */
  readonly onError?: (error: unknown) => void;
}

/** A timer shorter than this is not worth setting: due entries are enqueued on this pass. */
const MIN_DELAY_MS = 50;

/**
 * Runs entries of a schedule as jobs of the persistent queue (their progress reaches the UI
 * through the queue's events): an entry whose time has come gets a job, most overdue first, at
 * most `maxRunning` at once; an entry with a job queued, running or paused gets no second one,
 * and one whose job was cancelled is not enqueued again before its period. It wakes at the next
 * due time, when one of its jobs ends, and every `pollMs`.
 */
export class PeriodicJobScheduler<P> {
  private readonly maxRunning: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  /** Jobs of the kind not finished: job id → the entry and the job's state. */
  private readonly pending = new Map<number, { key: number; state: JobState }>();
  /** When this process last enqueued each entry. */
  private readonly lastQueued = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly onState = ({ job }: JobStateEvent): void => this.jobChanged(job);

  constructor(private readonly options: PeriodicJobSchedulerOptions<P>) {
    this.maxRunning = options.maxRunning ?? 4;
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

  /** Looks at the schedule now (an entry was added, or its schedule changed). */
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

  /** Enqueues the entries that are due, as many as the limit allows; returns when the next one falls due. */
  private enqueueDue(now: number): number {
    const busy = new Set([...this.pending.values()].map((job) => job.key));
    let active = [...this.pending.values()].filter((job) => job.state === 'queued' || job.state === 'running').length;
    let nextDue = Number.POSITIVE_INFINITY;
    const due: { key: number; params: P; at: number }[] = [];
    for (const entry of this.options.entries()) {
      if (entry.dueAt === null || busy.has(entry.key)) continue;
      const at = Math.max(entry.dueAt, (this.lastQueued.get(entry.key) ?? Number.NEGATIVE_INFINITY) + entry.everyMs);
      if (at > now) nextDue = Math.min(nextDue, at);
      else due.push({ key: entry.key, params: entry.params, at });
    }
    for (const entry of due.sort((a, b) => a.at - b.at)) {
      // A job that ends wakes the scheduler for the rest.
      if (active >= this.maxRunning) break;
      this.options.jobs.enqueue(this.options.kind, entry.params);
      this.lastQueued.set(entry.key, now);
      active += 1;
    }
    return nextDue;
  }

  private jobChanged(job: JobInfo): void {
    if (job.kind !== this.options.kind) return;
    const key = this.options.keyOf(job.params);
    if (key === undefined) return;
    if (!TERMINAL_STATES.has(job.state)) {
      this.pending.set(job.id, { key, state: job.state });
      return;
    }
    const wasPending = this.pending.delete(job.id);
    // Not from inside the queue's own event: the queue is still finishing the job.
    if (wasPending && this.running) setImmediate(() => this.check());
  }
}
