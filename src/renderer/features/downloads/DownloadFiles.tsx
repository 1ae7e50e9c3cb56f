import type { ReactNode } from 'react';
import type { DownloadJob } from '../../../shared/app-api.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes, formatPercent } from '../../format/bytes.js';

/** Beyond this, the per-file list shows the unfinished files first and says how many more there are. */
const MAX_FILES = 200;

export function DownloadFiles({ job }: { readonly job: DownloadJob }): ReactNode {
  if (job.files.length === 0) {
    return job.filesTotal === null ? null : (
      <p className="download-files-count numbers">
        {job.filesDone ?? 0} of {job.filesTotal} {job.filesTotal === 1 ? 'file' : 'files'}
      </p>
    );
  }
  const finished = job.files.filter((file) => file.doneBytes >= file.size).length;
  const shown = [...job.files].sort((a, b) => Number(a.doneBytes >= a.size) - Number(b.doneBytes >= b.size)).slice(0, MAX_FILES);
  return (
    <details className="download-files">
      <summary>
        {finished} of {job.files.length} files complete
      </summary>
      <ul>
        {shown.map((file) => (
          <li key={file.path} className="download-file">
            <span className="download-file-path">{file.path}</span>
            <ProgressBar
              size="small"
              done={file.doneBytes}
              total={file.size}
              complete={file.doneBytes >= file.size}
              label={`Progress of ${file.path}`}
              valueText={`${formatBytes(file.doneBytes)} of ${formatBytes(file.size)}`}
            />
            <span className="download-file-percent numbers">{formatPercent(file.doneBytes, file.size)}</span>
          </li>
        ))}
      </ul>
      {job.files.length > MAX_FILES && <p className="hint">and {job.files.length - MAX_FILES} more files</p>}
    </details>
  );
}
