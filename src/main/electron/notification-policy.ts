/** What the policy reads of a job state change (the job queue's JobInfo has these fields). */
export interface JobTransition {
  readonly id: number;
  readonly kind: string;
  readonly state: string;
  readonly title: string;
  readonly error: string | undefined;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
}

/** A system notification to show; a click opens `hash` in the window (the job's screen). */
export interface JobNotification {
  readonly title: string;
  readonly body: string;
  readonly hash: string;
}

/** The job kinds a user waits for, by the word the notification uses; other kinds never notify. */
const NOTIFYING_KINDS: ReadonlyMap<string, string> = new Map([
  ['download', 'Download'],
  ['sync-pull', 'Pull'],
  ['sync-push', 'Push'],
]);

/** A job shorter than this finished while the user was still looking: no notification. */
export const MIN_NOTIFY_DURATION_MS = 20_000;

/** Whether a state change is worth a notification: a long download, pull or push that ended done or failed. */
export function isNotable(job: JobTransition, minDurationMs = MIN_NOTIFY_DURATION_MS): boolean {
  if (!NOTIFYING_KINDS.has(job.kind) || (job.state !== 'done' && job.state !== 'failed')) return false;
  if (job.startedAt === undefined || job.finishedAt === undefined) return false;
  return job.finishedAt - job.startedAt >= minDurationMs;
}

const plural = (count: number, word: string): string => `${count} ${word.toLowerCase()}${count === 1 ? '' : 's'}`;

/** One notification for the notable jobs that ended close together (a failure is named first). */
export function notificationFor(jobs: readonly JobTransition[]): JobNotification | undefined {
  const failed = jobs.filter((job) => job.state === 'failed');
  const done = jobs.filter((job) => job.state === 'done');
  const only = jobs.length === 1 ? jobs[0] : undefined;
  if (only !== undefined) {
    const word = NOTIFYING_KINDS.get(only.kind) ?? 'Job';
    return only.state === 'failed'
      ? { title: `${word} failed`, body: `${only.title}: ${only.error ?? 'it stopped with an error'}`, hash: '#/downloads' }
      : { title: `${word} finished`, body: only.title, hash: '#/downloads' };
  }
  if (jobs.length === 0) return undefined;
  const parts = [failed.length > 0 ? `${plural(failed.length, 'job')} failed` : '', done.length > 0 ? `${plural(done.length, 'job')} finished` : ''].filter(
    (part) => part !== '',
  );
  return { title: failed.length > 0 ? 'Some jobs failed' : 'Jobs finished', body: `${parts.join(', ')}: ${jobs.map((job) => job.title).join(', ')}`, hash: '#/downloads' };
}

export interface JobNotifierOptions {
  readonly show: (notification: JobNotification) => void;
  /** Jobs ending within this time of each other make one notification. */
  readonly coalesceMs?: number;
  readonly minDurationMs?: number;
}

export interface JobNotifier {
  /** Feed every job state change here. */
  onJobState(job: JobTransition): void;
  close(): void;
}

/** Applies the policy to a stream of job state changes, coalescing what ends together. */
export function createJobNotifier(options: JobNotifierOptions): JobNotifier {
  let pending: JobTransition[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    const notification = notificationFor(pending);
    pending = [];
    if (notification !== undefined) options.show(notification);
  };
  return {
    onJobState(job) {
      if (!isNotable(job, options.minDurationMs)) return;
      pending.push(job);
      timer ??= setTimeout(flush, options.coalesceMs ?? 1500);
    },
    close() {
      clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}
