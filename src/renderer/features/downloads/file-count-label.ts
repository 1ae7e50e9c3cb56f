import type { DownloadJob } from '../../../shared/app-api.js';

/** "3 of 12 files complete", from the core's counts; undefined when it has none. */
export function fileCountLabel(job: Pick<DownloadJob, 'filesDone' | 'filesTotal' | 'files' | 'state'>): string | undefined {
  if (job.filesTotal === null) return undefined;
  const done = job.state === 'done' ? job.filesTotal : (job.filesDone ?? job.files.filter((file) => file.doneBytes >= file.size).length);
  return `${Math.min(done, job.filesTotal)} of ${job.filesTotal} ${job.filesTotal === 1 ? 'file' : 'files'} complete`;
}
