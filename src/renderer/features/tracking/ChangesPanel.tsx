import { useState, type ReactNode } from 'react';
import type { StoredRevisionView, StructureDiffResponse, TrackedRepoView } from '../../../shared/tracking-api.js';
import { Badge } from '../../components/Badge.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { SelectField } from '../../components/FormFields.js';
import { HashValue } from '../../components/HashValue.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { formatDateTime } from '../../format/dates.js';
import { shortHash } from '../../format/oids.js';
import { storedRevisionsQuery, trackedDiffQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { TrackedRepoPicker } from './TrackedRepoPicker.js';
import type { TrackingRoute } from './tracking-tab.js';

type ChangeKind = 'added' | 'removed' | 'modified' | 'renamed';

interface ChangeRow {
  readonly kind: ChangeKind;
  readonly path: string;
  readonly detail: string;
  readonly size: string;
  readonly hash: { readonly label: string; readonly value: string };
}

const TONE = { added: 'ok', removed: 'error', modified: 'warning', renamed: 'info' } as const;

/** What changed between two stored revisions of a tracked repo. */
export function ChangesPanel({ route }: { readonly route: TrackingRoute }): ReactNode {
  return <TrackedRepoPicker route={route}>{(repo) => <RevisionChoice key={repo.id} repo={repo} />}</TrackedRepoPicker>;
}

function RevisionChoice({ repo }: { readonly repo: TrackedRepoView }): ReactNode {
  const query = useQuery(storedRevisionsQuery(repo.id));
  const [from, setFrom] = useState<string | undefined>(undefined);
  const [to, setTo] = useState<string | undefined>(undefined);
  return (
    <QueryContent query={query} what="the stored revisions">
      {({ revisions }) => {
        if (revisions.length < 2) return <EmptyState title="Only one revision is stored">A refresh that finds a new commit stores another; then they can be compared.</EmptyState>;
        const options = revisions.map((revision) => ({ value: revision.commit, label: revisionLabel(revision) }));
        const older = from ?? (revisions[1] as StoredRevisionView).commit;
        const newer = to ?? (revisions[0] as StoredRevisionView).commit;
        return (
          <>
            <div className="filters">
              <SelectField id="changes-from" label="From" value={older} onChange={setFrom} options={options} />
              <SelectField id="changes-to" label="To" value={newer} onChange={setTo} options={options} />
            </div>
            {older === newer ? <p className="hint">Pick two different revisions.</p> : <DiffView id={repo.id} from={older} to={newer} />}
          </>
        );
      }}
    </QueryContent>
  );
}

function DiffView({ id, from, to }: { readonly id: number; readonly from: string; readonly to: string }): ReactNode {
  const query = useQuery(trackedDiffQuery(id, from, to));
  const columns: readonly TrackingColumn<ChangeRow>[] = [
    { key: 'kind', label: 'Change', cell: (row) => <Badge tone={TONE[row.kind]}>{row.kind}</Badge> },
    { key: 'path', label: 'Path', cell: (row) => row.path },
    { key: 'detail', label: 'Detail', cell: (row) => row.detail },
    { key: 'size', label: 'Size', numeric: true, cell: (row) => row.size },
    { key: 'hash', label: 'Hash', cell: (row) => <HashValue label={row.hash.label} value={row.hash.value} /> },
  ];
  return (
    <QueryContent query={query} what="the changes">
      {(diff) => {
        const rows = changeRows(diff);
        return rows.length === 0 ? <EmptyState title="No changes" /> : <TrackingTable caption="Changes" columns={columns} rows={rows} rowKey={(row) => `${row.kind}:${row.path}`} rowTestId="change-row" />;
      }}
    </QueryContent>
  );
}

function changeRows(diff: StructureDiffResponse): ChangeRow[] {
  const hashOf = (file: { path: string; oid: string; sha256: string | null }) => ({ label: `hash of ${file.path}`, value: file.sha256 ?? file.oid });
  return [
    ...diff.added.map((file): ChangeRow => ({ kind: 'added', path: file.path, detail: '', size: formatBytes(file.size), hash: hashOf(file) })),
    ...diff.removed.map((file): ChangeRow => ({ kind: 'removed', path: file.path, detail: '', size: formatBytes(file.size), hash: hashOf(file) })),
    ...diff.modified.map((file): ChangeRow => ({
      kind: 'modified', path: file.path, detail: `was ${shortHash(file.old.sha256 ?? file.old.oid)}`,
      size: file.old.size === file.new.size ? formatBytes(file.new.size) : `${formatBytes(file.old.size)} → ${formatBytes(file.new.size)}`, hash: hashOf(file.new),
    })),
    ...diff.renamed.map((file): ChangeRow => ({ kind: 'renamed', path: file.to.path, detail: `from ${file.from.path}`, size: formatBytes(file.to.size), hash: hashOf(file.to) })),
  ];
}

function revisionLabel(revision: StoredRevisionView): string {
  const refs = revision.refs.length === 0 ? '' : ` (${revision.refs.join(', ')})`;
  return `${shortHash(revision.commit)}${refs}, ${revision.files} files, fetched ${formatDateTime(revision.fetchedAt)}`;
}
