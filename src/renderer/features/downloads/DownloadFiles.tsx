import { useState, type ReactNode } from 'react';
import type { DownloadJob } from '../../../shared/app-api.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes, formatPercent } from '../../format/bytes.js';
import { fileCountLabel } from './file-count-label.js';

/**
 * Each file the core reports for a download (those in flight, then the latest finished), with its
 * own bar, bytes and percentage in fixed-width columns, so updates never move the layout.
 */
export function DownloadFiles({ job }: { readonly job: DownloadJob }): ReactNode {
  const [open, setOpen] = useState(true);
  const count = fileCountLabel(job);
  if (job.files.length === 0) {
    return count === undefined ? null : <p className="download-files-count numbers">{count}</p>;
  }
  return (
    <details className="download-files" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="numbers">{count ?? `${job.files.length} files`}</summary>
      <ul aria-label={`Files of ${job.repo}`}>
        {job.files.map((file) => {
          const bytes = `${formatBytes(file.doneBytes)} of ${formatBytes(file.size)}`;
          return (
            <li key={file.path} className="download-file">
              <span className="download-file-path" title={file.path}>
                {file.path}
              </span>
              <ProgressBar
                size="small"
                done={file.doneBytes}
                total={file.size}
                complete={file.doneBytes >= file.size}
                label={`Progress of ${file.path}`}
                valueText={bytes}
              />
              <span className="download-file-bytes numbers">{bytes}</span>
              <span className="download-file-percent numbers">{formatPercent(file.doneBytes, file.size)}</span>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
