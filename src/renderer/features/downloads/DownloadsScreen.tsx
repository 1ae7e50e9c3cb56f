import { useEffect, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState.js';
import { ErrorPanel } from '../../components/ErrorPanel.js';
import { Loading } from '../../components/Loading.js';
import { formatBytes, formatSpeed } from '../../format/bytes.js';
import { isActive, orderJobs } from '../../store/downloads-slice.js';
import { useAppStore } from '../../store/store-context.js';
import { DownloadRow } from './DownloadRow.js';

export function DownloadsScreen(): ReactNode {
  const downloads = useAppStore((state) => state.downloads);
  const loadDownloads = useAppStore((state) => state.loadDownloads);

  useEffect(() => {
    if (!downloads.loaded) void loadDownloads();
  }, [downloads.loaded, loadDownloads]);

  const jobs = orderJobs(downloads.jobs);
  const active = jobs.filter(isActive);
  const history = jobs.filter((job) => !isActive(job));

  return (
    <section aria-labelledby="downloads-title">
      <div className="screen-header">
        <h1 id="downloads-title">Downloads</h1>
        <DownloadsSummary />
      </div>
      {downloads.error !== undefined && <ErrorPanel title="Could not load the downloads" message={downloads.error} onRetry={() => void loadDownloads()} />}
      {!downloads.loaded ? (
        <Loading label="Loading downloads…" />
      ) : jobs.length === 0 && downloads.error === undefined ? (
        <EmptyState title="No downloads yet">
          <p>
            Find a model in <a href="#/remote">Remote hubs</a>, or open a repo of this hub and download it to the cache.
          </p>
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="downloads-active">
            <h2 id="downloads-active">Active</h2>
            {active.length === 0 ? (
              <p className="hint">Nothing is downloading.</p>
            ) : (
              <ul className="download-list">
                {active.map((job) => (
                  <DownloadRow key={job.id} job={job} />
                ))}
              </ul>
            )}
          </section>
          {history.length > 0 && (
            <section aria-labelledby="downloads-history">
              <h2 id="downloads-history">History</h2>
              <ul className="download-list">
                {history.map((job) => (
                  <DownloadRow key={job.id} job={job} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}

function DownloadsSummary(): ReactNode {
  const jobs = useAppStore((state) => state.downloads.jobs);
  const active = Object.values(jobs).filter(isActive);
  if (active.length === 0) return null;
  const done = active.reduce((sum, job) => sum + job.doneBytes, 0);
  const total = active.reduce((sum, job) => sum + job.totalBytes, 0);
  const speed = active.reduce((sum, job) => sum + job.speed, 0);
  return (
    <p className="screen-summary numbers">
      {active.length} active · {formatBytes(done)} of {formatBytes(total)} · {formatSpeed(speed)}
    </p>
  );
}
