import type { ReactNode } from 'react';
import type { DiskSharing, DiskUsage } from '../../../shared/app-api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { diskQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { CleanupPanel } from './CleanupPanel.js';
import { DuplicatesTable } from './DuplicatesTable.js';
import { UsageTreemap } from './UsageTreemap.js';

export function DiskScreen(): ReactNode {
  const query = useQuery(diskQuery);
  return (
    <section aria-labelledby="disk-title">
      <div className="screen-header">
        <h1 id="disk-title">Disk</h1>
        {query.data && <p className="screen-summary">{formatBytes(query.data.totalBytes)} in use</p>}
      </div>
      <QueryContent query={query} what="disk usage">
        {(usage) => <DiskBody usage={usage} />}
      </QueryContent>
    </section>
  );
}

function DiskBody({ usage }: { readonly usage: DiskUsage }): ReactNode {
  return (
    <>
      {usage.cache.path !== null && (
        <p className="hint">
          Hugging Face cache: <code>{usage.cache.path}</code>
        </p>
      )}
      <SharingNote sharing={usage.sharing} />
      {usage.repos.length === 0 ? (
        <EmptyState title="Nothing stored yet" />
      ) : (
        <>
          <UsageTreemap repos={usage.repos} />
          <DuplicatesTable duplicates={usage.duplicates} />
          <CleanupPanel repos={usage.repos} />
        </>
      )}
    </>
  );
}

const METHOD_WORDS = {
  reflink: 'copy-on-write clones (reflinks): each side may change its copy without touching the other',
  hardlink: 'read-only hard links: one file on disk, seen from both sides',
  copy: 'copies: the two folders are on different file systems, or this one allows no links',
} as const;

/** How the hub and the HF cache hold content both have, and how much of it is held once. */
function SharingNote({ sharing }: { readonly sharing: DiskSharing }): ReactNode {
  return (
    <p className="hint" data-testid="disk-sharing">
      The hub and the Hugging Face cache share content by {METHOD_WORDS[sharing.method]}.
      {sharing.sharedFiles > 0 &&
        ` ${sharing.sharedFiles} ${sharing.sharedFiles === 1 ? 'file' : 'files'} (${formatBytes(sharing.sharedBytes)}) ${sharing.sharedFiles === 1 ? 'is' : 'are'} held once and counted once.`}
    </p>
  );
}
