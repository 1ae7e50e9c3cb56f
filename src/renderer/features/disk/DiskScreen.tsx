import type { ReactNode } from 'react';
import type { DiskUsage } from '../../../shared/app-api.js';
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
