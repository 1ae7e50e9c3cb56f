import type { ReactNode } from 'react';
import type { DownloadJob } from '../../../shared/app-api.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes, formatPercent } from '../../format/bytes.js';
import { DownloadErrorNote } from '../downloads/DownloadErrorNote.js';

const WORDS = {
  pull: { name: 'Pull progress', running: 'Pulling', done: 'Pulled' },
  push: { name: 'Push progress', running: 'Pushing', done: 'Pushed' },
} as const;

const STATE_WORDS: Readonly<Record<Exclude<DownloadJob['state'], 'running' | 'done'>, string>> = {
  queued: 'Queued', paused: 'Paused', failed: 'Failed', cancelled: 'Cancelled',
};

/** A pull's or push's job as the event stream updates it (pause, resume and cancel are on the Downloads screen). */
export function SyncJobProgress({ job, direction, hideError = false }: { readonly job: DownloadJob; readonly direction: 'pull' | 'push'; readonly hideError?: boolean }): ReactNode {
  const words = WORDS[direction];
  const sized = job.totalBytes > 0 || job.state === 'done';
  const state = job.state === 'running' ? words.running : job.state === 'done' ? words.done : STATE_WORDS[job.state];
  return (
    <div className={`sync-progress sync-progress-${direction}`} aria-label={words.name}>
      <p role="status">
        {state}
        {job.filesTotal !== null && job.filesDone !== null && ` · ${job.filesDone} of ${job.filesTotal} files`}
        {sized && ` · ${formatBytes(job.doneBytes)} of ${formatBytes(job.totalBytes)} (${formatPercent(job.doneBytes, job.totalBytes)})`}
        {' · '}
        <a href="#/downloads">Downloads</a>
      </p>
      <ProgressBar done={job.doneBytes} total={job.totalBytes} complete={job.state === 'done'} label={words.name} valueText={sized ? `${formatBytes(job.doneBytes)} of ${formatBytes(job.totalBytes)}` : 'Working out the size'} />
      {!hideError && job.error && (job.state === 'failed' || job.state === 'paused') && <DownloadErrorNote error={job.error} />}
    </div>
  );
}
