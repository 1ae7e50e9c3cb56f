import { useState, type ReactNode } from 'react';
import type { DuplicateContentView } from '../../../shared/tracking-api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FactList } from '../../components/FactList.js';
import { HashValue } from '../../components/HashValue.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { duplicatePlacesQuery, duplicatesQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { TrackedFilePlace } from './tracked-file-columns.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';

const columns: readonly TrackingColumn<DuplicateContentView>[] = [
  { key: 'content', label: 'Content', cell: (content) => <HashValue label={`hash of ${content.places[0]?.path ?? 'the content'}`} value={content.sha256 ?? content.oid} /> },
  { key: 'size', label: 'Size', numeric: true, cell: (content) => formatBytes(content.size) },
  { key: 'places', label: 'Held by', cell: (content) => <DuplicatePlaces content={content} /> },
  { key: 'copies', label: 'Copies on disk', numeric: true, cell: (content) => content.copiesOnDisk },
  { key: 'wasted', label: 'Wasted', numeric: true, cell: (content) => formatBytes(content.wastedBytes) },
  { key: 'reusable', label: 'Reusable', numeric: true, cell: (content) => formatBytes(content.reusableBytes) },
];

/** The first places of a content and how many there are; the rest are asked for when the user opens the list. */
function DuplicatePlaces({ content }: { readonly content: DuplicateContentView }): ReactNode {
  const [open, setOpen] = useState(false);
  const all = useQuery(open ? duplicatePlacesQuery(content.sha256 ?? content.oid) : undefined);
  const places = open && all.data !== undefined ? all.data.places : content.places;
  const more = content.placeCount - places.length;
  return (
    <>
      <ul className="plain-list">
        {places.map((place) => (
          <li key={`${place.trackedId ?? place.endpoint}:${place.commit}:${place.path}`}>
            <TrackedFilePlace file={place} /> <span className="muted">{place.path}</span>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <button type="button" className="button-link" disabled={open && all.loading} onClick={() => setOpen(true)}>
          {open && all.loading ? 'Loading places…' : `${more} more ${more === 1 ? 'place' : 'places'}`}
        </button>
      )}
    </>
  );
}

/** Contents held by more than one repo or revision: the bytes their copies waste on disk, the bytes reusing them saves. */
export function DuplicatesPanel(): ReactNode {
  const query = useQuery(duplicatesQuery);
  return (
    <QueryContent query={query} what="the duplicates">
      {(report) =>
        report.contents.length === 0 ? (
          <EmptyState title="No content is held twice">No tracked repo or revision shares a file with another.</EmptyState>
        ) : (
          <>
            <FactList
              facts={[
                { label: 'Wasted on disk', value: formatBytes(report.wastedBytes) },
                { label: 'Reusable when downloading', value: formatBytes(report.reusableBytes) },
                { label: 'Contents held twice or more', value: report.truncated ? `${report.count} (the ${report.contents.length} wasting most listed)` : report.count },
              ]}
            />
            <TrackingTable caption="Duplicated contents" columns={columns} rows={report.contents} rowKey={(content) => content.sha256 ?? content.oid} rowTestId="duplicate-row" />
          </>
        )
      }
    </QueryContent>
  );
}
