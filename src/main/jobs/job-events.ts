import { EventEmitter } from 'node:events';
import type { FileProgressEntry } from './file-progress-list.js';
import type { JobInfo } from './job-info.js';

export interface JobProgressEvent {
  readonly jobId: number;
  readonly kind: string;
  readonly bytesDone: number;
  readonly bytesTotal: number | undefined;
  /** Bytes per second, smoothed. */
  readonly speed: number;
  /** Seconds left at the current speed; undefined while unknown. */
  readonly etaSeconds: number | undefined;
  /** Kind-specific detail, e.g. files done / total for a snapshot. */
  readonly detail?: Readonly<Record<string, number | string>>;
  /** Per-file progress: files in flight, then the latest finished. */
  readonly files?: readonly FileProgressEntry[];
}

export interface JobStateEvent {
  readonly job: JobInfo;
}

export interface JobEventMap {
  progress: [JobProgressEvent];
  state: [JobStateEvent];
}

/** The in-process event bus of the job queue: state changes, and progress throttled per job. */
export class JobEvents extends EventEmitter<JobEventMap> {}
