import { useState, type ReactNode } from 'react';
import type { DownloadAction, DownloadJob } from '../../../shared/app-api.js';
import { Badge } from '../../components/Badge.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes, formatPercent, formatSpeed } from '../../format/bytes.js';
import { formatRelativeTime } from '../../format/dates.js';
import { formatEta } from '../../format/durations.js';
import { formatHash } from '../../routing/routes.js';
import { useAppStore } from '../../store/store-context.js';
import { DownloadErrorNote } from './DownloadErrorNote.js';
import { DownloadFiles } from './DownloadFiles.js';

const STATE_LABELS = {
  queued: ['Queued', 'neutral'],
  running: ['Downloading', 'info'],
  paused: ['Paused', 'warning'],
  failed: ['Failed', 'error'],
  done: ['Done', 'ok'],
  cancelled: ['Cancelled', 'neutral'],
} as const;

const ACTIONS: Readonly<Record<DownloadJob['state'], readonly DownloadAction[]>> = {
  queued: ['pause', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  failed: ['retry'],
  done: [],
  cancelled: ['retry'],
};

const SYNC_BADGES = { pull: 'Pull', mirror: 'Mirror', push: 'Push' } as const;

const ACTION_LABELS: Readonly<Record<DownloadAction, string>> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel', retry: 'Retry' };

export function DownloadRow({ job }: { readonly job: DownloadJob }): ReactNode {
  const act = useAppStore((state) => state.actOnDownload);
  const notify = useAppStore((state) => state.notify);
  const [busy, setBusy] = useState(false);
  const syncKind = job.kind === 'pull' || job.kind === 'mirror' || job.kind === 'push' ? SYNC_BADGES[job.kind] : undefined;
  const [stateLabel, tone] = STATE_LABELS[job.state];
  // Pulls into the local hub, mirror runs and pushes are listed here too, with the same actions.
  const label = syncKind !== undefined && job.state === 'running' ? (job.kind === 'push' ? 'Pushing' : 'Pulling') : stateLabel;
  const sized = job.totalBytes > 0 || job.state === 'done';
  const title = `${job.repo}${job.revision === 'main' ? '' : ` @ ${job.revision.length === 40 ? job.revision.slice(0, 7) : job.revision}`}`;

  const run = (work: Promise<string | undefined>): void => {
    setBusy(true);
    void work.then((problem) => {
      setBusy(false);
      if (problem !== undefined) notify(problem, 'error');
    });
  };

  return (
    <li className="download" aria-label={`${title}, ${label}`} data-state={job.state}>
      <div className="download-head">
        <p className="download-title">
          {syncKind !== undefined && <Badge tone="accent">{syncKind}</Badge>} <span className="download-name">{title}</span> <span className="muted">{job.kind === 'push' ? 'to' : 'from'} {job.source}</span>
        </p>
        <Badge tone={tone}>{label}</Badge>
      </div>
      <ProgressBar
        done={job.doneBytes}
        total={job.totalBytes}
        complete={job.state === 'done'}
        label={`Progress of ${job.repo}`}
        valueText={sized ? `${formatBytes(job.doneBytes)} of ${formatBytes(job.totalBytes)}` : 'Working out the size'}
      />
      <p className="download-numbers numbers">
        <span className="num-percent">{sized ? formatPercent(job.doneBytes, job.totalBytes) : '—'}</span>
        <span className="num-bytes">{sized ? `${formatBytes(job.doneBytes)} of ${formatBytes(job.totalBytes)}` : 'Working out the size…'}</span>
        <span className="num-speed">{job.state === 'running' ? formatSpeed(job.speed) : ''}</span>
        <span className="num-eta">{job.state === 'running' ? `${formatEta(job.eta)} left` : job.finishedAt !== null ? formatRelativeTime(job.finishedAt, Date.now()) : ''}</span>
      </p>
      {job.error && (job.state === 'failed' || job.state === 'paused') && <DownloadErrorNote error={job.error} />}
      <div className="download-actions">
        {ACTIONS[job.state].map((action) => (
          <button key={action} type="button" disabled={busy} onClick={() => run(act(job.id, action))} aria-label={`${ACTION_LABELS[action]} ${job.repo}`}>
            {ACTION_LABELS[action]}
          </button>
        ))}
        {job.state === 'done' && (
          <a className="button-link" href={formatHash({ screen: 'repo', source: syncKind !== undefined ? 'hub' : 'cache', type: job.type, id: job.repo, revision: undefined, tab: 'files' })}>
            Open
          </a>
        )}
      </div>
      <DownloadFiles job={job} />
    </li>
  );
}
