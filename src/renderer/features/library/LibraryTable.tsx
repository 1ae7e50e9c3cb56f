import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { LibraryRepo } from '../../../shared/app-api.js';
import { formatParameters } from '../../../shared/format-parameters.js';
import type { ModelFactsView } from '../../../shared/tracking-api.js';
import { Badge } from '../../components/Badge.js';
import { formatBytes } from '../../format/bytes.js';
import { formatDateTime, formatRelativeTime } from '../../format/dates.js';
import { formatHash } from '../../routing/routes.js';
import { useAppStore } from '../../store/store-context.js';
import { SORT_KEYS, libraryRowKey, type SortKey } from './library-rows.js';

export interface LibraryTableProps {
  readonly rows: readonly LibraryRepo[];
  /** Model facts by libraryRowKey (a repo without any read yet is absent). */
  readonly facts: ReadonlyMap<string, ModelFactsView | null>;
}

/** Fixed row height: rows never change size, so scrolling and live updates cause no layout shift. */
const ROW_HEIGHT = 41;

/**
 * The library as a real table whose rows are virtualised against the page scroll: only the rows
 * near the viewport exist, with spacer rows keeping the scroll height, and aria-rowcount /
 * aria-rowindex telling assistive technology the full size.
 */
export function LibraryTable({ rows, facts }: LibraryTableProps): ReactNode {
  // One clock reading per minute keeps every row's "5 min ago" consistent and rows memoisable.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (body) setOffset(body.getBoundingClientRect().top + window.scrollY);
  }, []);
  const virtualizer = useWindowVirtualizer({ count: rows.length, estimateSize: () => ROW_HEIGHT, overscan: 15, scrollMargin: offset });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const before = first ? first.start - offset : 0;
  const after = last ? virtualizer.getTotalSize() - (last.end - offset) : 0;

  return (
    <table className="table library-table" aria-rowcount={rows.length + 1}>
      <caption className="visually-hidden">Repos on this machine</caption>
      <colgroup>
        <col className="col-name" />
        <col className="col-type" />
        <col className="col-source" />
        <col className="col-size" />
        <col className="col-revisions" />
        <col className="col-used" />
        <col className="col-arch" />
        <col className="col-params" />
        <col className="col-dtype" />
        <col className="col-license" />
        <col className="col-format" />
      </colgroup>
      <thead>
        <tr aria-rowindex={1}>
          <SortHeader sortKey="name" />
          <th scope="col">Type</th>
          <th scope="col">Source</th>
          <SortHeader sortKey="size" numeric />
          <SortHeader sortKey="revisions" numeric />
          <SortHeader sortKey="lastUsed" />
          <th scope="col">Architecture</th>
          <th scope="col" className="numeric">
            Params
          </th>
          <th scope="col">DType / quant</th>
          <th scope="col">License</th>
          <th scope="col">Format</th>
        </tr>
      </thead>
      <tbody ref={bodyRef}>
        {before > 0 && <tr className="spacer" aria-hidden="true" style={{ height: before }} />}
        {items.map((item) => {
          const repo = rows[item.index];
          if (repo === undefined) return null;
          const key = libraryRowKey(repo);
          return <LibraryRow key={key} repo={repo} facts={facts.get(key) ?? null} now={now} rowIndex={item.index + 2} />;
        })}
        {after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: after }} />}
      </tbody>
    </table>
  );
}

function SortHeader({ sortKey, numeric = false }: { readonly sortKey: SortKey; readonly numeric?: boolean }): ReactNode {
  const sort = useAppStore((state) => state.librarySort);
  const sortBy = useAppStore((state) => state.sortLibraryBy);
  const active = sort.key === sortKey;
  return (
    <th scope="col" className={numeric ? 'numeric' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => sortBy(sortKey)}>
        {SORT_KEYS[sortKey]}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

interface LibraryRowProps {
  readonly repo: LibraryRepo;
  readonly facts: ModelFactsView | null;
  readonly now: number;
  readonly rowIndex: number;
}

const LibraryRow = memo(function LibraryRow({ repo, facts, now, rowIndex }: LibraryRowProps): ReactNode {
  const href = formatHash({ screen: 'repo', source: repo.source, type: repo.type, id: repo.id, revision: undefined, tab: 'files' });
  return (
    <tr data-testid="library-row" aria-rowindex={rowIndex}>
      <th scope="row">
        <a href={href}>{repo.id}</a>
        {repo.private && (
          <>
            {' '}
            <Badge tone="warning">private</Badge>
          </>
        )}
      </th>
      <td>{repo.type}</td>
      <td>
        <Badge tone={repo.source === 'hub' ? 'accent' : 'info'}>{repo.source === 'hub' ? 'This hub' : 'HF cache'}</Badge>
      </td>
      <td className="numeric">{formatBytes(repo.sizeOnDisk)}</td>
      <td className="numeric">{repo.revisions}</td>
      <td>
        {repo.lastUsed === null ? (
          'never'
        ) : (
          <time dateTime={new Date(repo.lastUsed).toISOString()} title={formatDateTime(repo.lastUsed)}>
            {formatRelativeTime(repo.lastUsed, now)}
          </time>
        )}
      </td>
      <FactCells facts={facts} />
    </tr>
  );
});

const orDash = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '—' : value);

/** What the model is (from its config, card and weights headers); dashes before its facts are read. */
function FactCells({ facts }: { readonly facts: ModelFactsView | null }): ReactNode {
  const architecture = orDash(facts?.architectures.join(', ') || facts?.modelType);
  const kind = orDash([facts?.dtype, ...(facts?.quantisation ?? [])].filter((value) => value !== null && value !== undefined).join(' '));
  return (
    <>
      <td title={architecture}>{architecture}</td>
      <td className="numeric">{orDash(facts?.parameters == null ? null : formatParameters(facts.parameters))}</td>
      <td title={kind}>{kind}</td>
      <td>{orDash(facts?.license)}</td>
      <td>{orDash(facts?.formats.join(', '))}</td>
    </>
  );
}
