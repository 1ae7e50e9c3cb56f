/** What the aggregate reads of a job (the job queue's JobInfo and progress events have these). */
export interface JobProgressView {
  readonly kind: string;
  readonly state: string;
  readonly bytesDone: number;
  readonly bytesTotal: number | undefined;
}

/** All running transfers as one figure: for the taskbar/dock bar and the tray. */
export interface AggregateProgress {
  readonly running: number;
  /** 0..1 over the jobs whose size is known; undefined while none is (an indeterminate bar). */
  readonly fraction: number | undefined;
}

/** The kinds that move bytes (a catalog refresh is not shown as progress). */
const TRANSFER_KINDS: ReadonlySet<string> = new Set(['download', 'sync-pull', 'sync-push']);

export function aggregateProgress(jobs: readonly JobProgressView[]): AggregateProgress {
  let running = 0;
  let done = 0;
  let total = 0;
  for (const job of jobs) {
    if (job.state !== 'running' || !TRANSFER_KINDS.has(job.kind)) continue;
    running++;
    if (job.bytesTotal !== undefined && job.bytesTotal > 0) {
      total += job.bytesTotal;
      done += Math.min(job.bytesDone, job.bytesTotal);
    }
  }
  return { running, fraction: total > 0 ? done / total : undefined };
}

/**
 * The value for `BrowserWindow.setProgressBar`: -1 removes the bar, 2 (above 1) shows it
 * indeterminate, 0..1 fills it.
 */
export function progressBarValue(progress: AggregateProgress): number {
  if (progress.running === 0) return -1;
  return progress.fraction ?? 2;
}

/** The tray's line for it ("2 downloads running, 45%"), or undefined when nothing runs. */
export function progressLabel(progress: AggregateProgress): string | undefined {
  if (progress.running === 0) return undefined;
  const count = `${progress.running} transfer${progress.running === 1 ? '' : 's'} running`;
  return progress.fraction === undefined ? count : `${count}, ${Math.floor(progress.fraction * 100)}%`;
}

/** The jobs "Pause all" pauses: transfers that run or wait their turn. */
export function pausableTransfers<T extends JobProgressView & { readonly id: number }>(jobs: readonly T[]): number[] {
  return jobs.filter((job) => TRANSFER_KINDS.has(job.kind) && (job.state === 'running' || job.state === 'queued')).map((job) => job.id);
}

/** The running jobs as their state and progress events tell them, without asking the database each time. */
export class RunningJobs {
  private readonly jobs = new Map<number, JobProgressView>();

  onState(job: JobProgressView & { readonly id: number }): void {
    if (job.state === 'running') this.jobs.set(job.id, job);
    else this.jobs.delete(job.id);
  }

  onProgress(event: { readonly jobId: number; readonly bytesDone: number; readonly bytesTotal: number | undefined }): void {
    const job = this.jobs.get(event.jobId);
    if (job !== undefined) this.jobs.set(event.jobId, { ...job, bytesDone: event.bytesDone, bytesTotal: event.bytesTotal });
  }

  aggregate(): AggregateProgress {
    return aggregateProgress([...this.jobs.values()]);
  }
}
