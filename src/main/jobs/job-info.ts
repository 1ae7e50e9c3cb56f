import type { JobRow, JobState } from '../db/index.js';

export type { JobState } from '../db/index.js';

/** A job as the queue reports it: its row with params and result parsed. */
export interface JobInfo {
  readonly id: number;
  readonly kind: string;
  readonly state: JobState;
  readonly title: string;
  readonly params: unknown;
  readonly result: unknown;
  readonly error: string | undefined;
  readonly bytesDone: number;
  readonly bytesTotal: number | undefined;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly startedAt: number | undefined;
  readonly finishedAt: number | undefined;
}

export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['done', 'failed', 'cancelled']);

export function toJobInfo(row: JobRow): JobInfo {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    params: JSON.parse(row.params) as unknown,
    result: row.result === null ? undefined : (JSON.parse(row.result) as unknown),
    error: row.error ?? undefined,
    bytesDone: row.bytesDone,
    bytesTotal: row.bytesTotal ?? undefined,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt ?? undefined,
    finishedAt: row.finishedAt ?? undefined,
  };
}
