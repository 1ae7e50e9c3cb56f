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

interface JobSqlRow {
  id: number;
  kind: string;
  state: JobState;
  title: string;
  params: string;
  result: string | null;
  error: string | null;
  bytes_done: number;
  bytes_total: number | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

function toRow(row: JobSqlRow): JobRow {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    params: row.params,
    result: row.result,
    error: row.error,
    bytesDone: row.bytes_done,
    bytesTotal: row.bytes_total,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** The persistent job queue's rows. State changes are compare-and-swap on the current state. */
export function createJobsTable(db: Db) {
  const insert = db.prepare<[string, string, string, number, number]>(
    "INSERT INTO jobs (kind, state, title, params, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?, ?)",
  );
  const get = db.prepare<[number], JobSqlRow>('SELECT * FROM jobs WHERE id = ?');
  const list = db.prepare<[], JobSqlRow>('SELECT * FROM jobs ORDER BY id');
  const nextQueued = db.prepare<[], JobSqlRow>("SELECT * FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1");
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
    get: (id: number): JobRow | undefined => {
      const row = get.get(id);
      return row ? toRow(row) : undefined;
    },
    list: (): JobRow[] => list.all().map(toRow),
    nextQueued: (): JobRow | undefined => {
      const row = nextQueued.get();
      return row ? toRow(row) : undefined;
    },
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
