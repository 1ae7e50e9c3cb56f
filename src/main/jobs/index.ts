export { JobQueue, type JobContext, type JobKind, type JobProgress, type JobQueueOptions } from './job-queue.js';
export { JobEvents, type JobEventMap, type JobProgressEvent, type JobStateEvent } from './job-events.js';
export { TERMINAL_STATES, type JobInfo, type JobState } from './job-info.js';
export { ProgressMeter } from './progress-meter.js';
export { FileProgressList, MAX_LISTED_FILES, type FileProgressEntry } from './file-progress-list.js';
export { PeriodicJobScheduler, type PeriodicJobSchedulerOptions, type ScheduleEntry } from './periodic-scheduler.js';
