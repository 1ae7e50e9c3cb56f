import { AppError } from '../../shared/errors.js';
import { createJobsTable, type Db, type JobState, type JobsTable } from '../db/index.js';
import type { FileProgressEntry } from './file-progress-list.js';
import { JobEvents } from './job-events.js';
import { TERMINAL_STATES, toJobInfo, type JobInfo } from './job-info.js';
import { ProgressMeter } from './progress-meter.js';

export interface JobProgress {
  readonly bytesDone: number;
  readonly bytesTotal?: number;
  readonly detail?: Readonly<Record<string, number | string>>;
  /** Per-file progress of a job with several files (a bounded list, see FileProgressList). */
  readonly files?: readonly FileProgressEntry[];
}

export interface JobContext {
  readonly jobId: number;
  /** Aborted on pause, cancel and shutdown. */
  readonly signal: AbortSignal;
  /** Reports progress; events are throttled and smoothed by the queue. */
  report(progress: JobProgress): void;
}

/** A kind of job: how to check its params (they come back from the database) and how to run it. */
export interface JobKind<P, R> {
  parse(params: unknown): P;
  title(params: P): string;
  run(params: P, context: JobContext): Promise<R>;
}

export interface JobQueueOptions {
  readonly db: Db;
  readonly events?: JobEvents;
  /** Jobs running at once (default 2). */
  readonly concurrency?: number;
  readonly now?: () => number;
}

type StopReason = 'pause' | 'cancel' | 'shutdown';

interface Running {
  readonly controller: AbortController;
  readonly settled: Promise<void>;
  stop?: StopReason;
}

/** Aborts a running job for `reason` (which decides the state it settles in); resolves once it has settled. */
function interrupt(run: Running, reason: StopReason, message: string): Promise<void> {
  run.stop = reason;
  run.controller.abort(new AppError('Conflict', message));
  return run.settled;
}

const PERSIST_EVERY_MS = 2000;

/**
 * A persistent job queue in SQLite: queued → running → done / failed, with pause, resume and
 * cancel, a concurrency limit, and progress events on the bus. Jobs left running by a stopped or
 * crashed process are queued again on start, and resume where their work left off (downloads
 * keep their own byte-level progress).
 */
export class JobQueue {
  readonly events: JobEvents;
  private readonly table: JobsTable;
  private readonly kinds = new Map<string, JobKind<unknown, unknown>>();
  private readonly running = new Map<number, Running>();
  private readonly now: () => number;
  private concurrency: number;
  private started = false;
  private stopping = false;

  constructor(options: JobQueueOptions) {
    this.table = createJobsTable(options.db);
    this.events = options.events ?? new JobEvents();
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.now = options.now ?? Date.now;
  }

  register<P, R>(kind: string, definition: JobKind<P, R>): void {
    this.kinds.set(kind, definition);
  }

  /** Requeues jobs a previous process left running, then starts working. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    this.table.requeueRunning(this.now());
    this.pump();
  }

  /** Stops running jobs without failing them: they are queued again and resume on the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.started = false;
    await Promise.all([...this.running.values()].map((run) => interrupt(run, 'shutdown', 'HubKeeper is shutting down')));
  }

  enqueue(kind: string, params: unknown): JobInfo {
    const definition = this.kinds.get(kind);
    if (!definition) throw new AppError('BadRequest', `Unknown job kind "${kind}"`);
    const parsed = definition.parse(params);
    const id = this.table.insert(kind, definition.title(parsed), JSON.stringify(parsed), this.now());
    const job = this.emitState(id);
    this.pump();
    return job;
  }

  get(id: number): JobInfo | undefined {
    const row = this.table.get(id);
    return row ? toJobInfo(row) : undefined;
  }

  list(): JobInfo[] {
    return this.table.list().map(toJobInfo);
  }

  setConcurrency(concurrency: number): void {
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  /** Pauses a queued or running job; a running one stops at once and keeps its progress. */
  async pause(id: number): Promise<JobInfo> {
    const run = this.running.get(id);
    if (run) {
      await interrupt(run, 'pause', 'Paused');
    } else if (this.table.transition(id, 'queued', 'paused', null, this.now())) {
      this.emitState(id);
    }
    return this.require(id);
  }

  /** Queues a paused or failed job again. */
  resume(id: number): JobInfo {
    const job = this.require(id);
    if ((job.state === 'paused' || job.state === 'failed') && this.table.transition(id, job.state, 'queued', null, this.now())) {
      this.emitState(id);
      this.pump();
    }
    return this.require(id);
  }

  /** Cancels a job in any state but done; a running one is stopped first. */
  async cancel(id: number): Promise<JobInfo> {
    const run = this.running.get(id);
    if (run) {
      await interrupt(run, 'cancel', 'Cancelled');
    } else {
      const job = this.require(id);
      if (!TERMINAL_STATES.has(job.state) || job.state === 'failed') {
        if (this.table.transition(id, job.state, 'cancelled', null, this.now())) this.emitState(id);
      }
    }
    return this.require(id);
  }

  /** Resolves when the job is done, failed or cancelled. */
  waitFor(id: number, signal?: AbortSignal): Promise<JobInfo> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const job = this.get(id);
        if (!job) {
          finish();
          reject(new AppError('NotFound', `No job ${id}`));
          return true;
        }
        if (!TERMINAL_STATES.has(job.state)) return false;
        finish();
        resolve(job);
        return true;
      };
      const onState = ({ job }: { job: JobInfo }): void => {
        if (job.id === id) check();
      };
      const onAbort = (): void => {
        finish();
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('Stopped waiting', 'AbortError'));
      };
      const finish = (): void => {
        this.events.off('state', onState);
        signal?.removeEventListener('abort', onAbort);
      };
      this.events.on('state', onState);
      signal?.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }

  private pump(): void {
    while (this.started && !this.stopping && this.running.size < this.concurrency) {
      const next = this.table.nextQueued();
      if (!next) return;
      if (!this.table.start(next.id, this.now())) continue;
      this.launch(toJobInfo(next));
    }
  }

  private launch(job: JobInfo): void {
    const controller = new AbortController();
    const entry: Running = { controller, settled: Promise.resolve() };
    this.running.set(job.id, entry);
    this.emitState(job.id);
    Object.assign(entry, { settled: this.execute(job, entry) });
  }

  private async execute(job: JobInfo, run: Running): Promise<void> {
    const meter = new ProgressMeter();
    let lastPersist = 0;
    const context: JobContext = {
      jobId: job.id,
      signal: run.controller.signal,
      report: (progress) => {
        const now = this.now();
        if (now - lastPersist >= PERSIST_EVERY_MS) {
          lastPersist = now;
          this.table.progress(job.id, progress.bytesDone, progress.bytesTotal ?? null, now);
        }
        if (!meter.sample(progress.bytesDone)) return;
        this.events.emit('progress', {
          jobId: job.id,
          kind: job.kind,
          bytesDone: progress.bytesDone,
          bytesTotal: progress.bytesTotal,
          speed: meter.speed,
          etaSeconds: meter.eta(progress.bytesDone, progress.bytesTotal),
          ...(progress.detail ? { detail: progress.detail } : {}),
          ...(progress.files ? { files: progress.files } : {}),
        });
      },
    };
    let state: JobState;
    let result: string | null = null;
    let error: string | null = null;
    try {
      const definition = this.kinds.get(job.kind);
      if (!definition) throw new AppError('BadRequest', `Unknown job kind "${job.kind}"`);
      result = JSON.stringify((await definition.run(definition.parse(job.params), context)) ?? null);
      state = 'done';
    } catch (failure) {
      state = run.stop === 'pause' ? 'paused' : run.stop === 'cancel' ? 'cancelled' : run.stop === 'shutdown' ? 'queued' : 'failed';
      if (state === 'failed') error = failure instanceof Error ? failure.message : String(failure);
    }
    this.table.finish(job.id, state, result, error, this.now());
    this.running.delete(job.id);
    this.emitState(job.id);
    this.pump();
  }

  private emitState(id: number): JobInfo {
    const job = this.require(id);
    this.events.emit('state', { job });
    return job;
  }

  private require(id: number): JobInfo {
    const job = this.get(id);
    if (!job) throw new AppError('NotFound', `No job ${id}`);
    return job;
  }
}
