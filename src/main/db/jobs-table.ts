import type { Db } from './open-database.js';

export const JOB_STATES = ['queued', 'running', 'paused', 'failed', 'done', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobRow {
  readonly id: number;
  readonly kind: string;
  readonly state: JobState;
  readonly title: string;
  /** JSON text; the queue parses it. */
  readonly params: string;
  readonly result: string | null;
  readonly error: string | null;
  readonly bytesDone: number;
  readonly bytesTotal: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** The columns of a job, named as JobRow names them. */
const COLUMNS = `id, kind, state, title, params, result, error, bytes_done AS bytesDone, bytes_total AS bytesTotal,
  created_at AS createdAt, updated_at AS updatedAt, started_at AS startedAt, finished_at AS finishedAt`;

/** The persistent job queue's rows. State changes are compare-and-swap on the current state. */
export function createJobsTable(db: Db) {
  const insert = db.prepare<[string, string, string, number, number]>(
    "INSERT INTO jobs (kind, state, title, params, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?, ?)",
  );
  const get = db.prepare<[number], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`);
  const list = db.prepare<[], JobRow>(`SELECT ${COLUMNS} FROM jobs ORDER BY id`);
  const nextQueued = db.prepare<[], JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1`);
  const transition = db.prepare<[JobState, string | null, number, number, JobState]>(
    'UPDATE jobs SET state = ?, error = ?, updated_at = ? WHERE id = ? AND state = ?',
  );
  const start = db.prepare<[number, number, number]>(
    "UPDATE jobs SET state = 'running', error = NULL, started_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'",
  );
  const finish = db.prepare<[JobState, string | null, string | null, number | null, number, number]>(
    "UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state = 'running'",
  );
  const progress = db.prepare<[number, number | null, number, number]>('UPDATE jobs SET bytes_done = ?, bytes_total = ?, updated_at = ? WHERE id = ?');
  const requeueRunning = db.prepare<[number]>("UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'");
  const remove = db.prepare<[number]>('DELETE FROM jobs WHERE id = ?');

  return {
    insert: (kind: string, title: string, params: string, now: number): number => Number(insert.run(kind, title, params, now, now).lastInsertRowid),
    get: (id: number): JobRow | undefined => get.get(id),
    list: (): JobRow[] => list.all(),
    nextQueued: (): JobRow | undefined => nextQueued.get(),
    /** Moves a job from `from` to `to`; false if it was no longer in `from`. */
    transition: (id: number, from: JobState, to: JobState, error: string | null, now: number): boolean =>
      transition.run(to, error, now, id, from).changes === 1,
    start: (id: number, now: number): boolean => start.run(now, now, id).changes === 1,
    finish: (id: number, state: 'done' | 'failed' | 'paused' | 'cancelled' | 'queued', result: string | null, error: string | null, now: number): boolean =>
      finish.run(state, result, error, state === 'paused' || state === 'queued' ? null : now, now, id).changes === 1,
    progress: (id: number, done: number, total: number | null, now: number): void => void progress.run(done, total, now, id),
    /** Jobs left running by a process that stopped (or crashed) go back to the queue. */
    requeueRunning: (now: number): number => requeueRunning.run(now).changes,
    remove: (id: number): boolean => remove.run(id).changes === 1,
  };
}

export type JobsTable = ReturnType<typeof createJobsTable>;
