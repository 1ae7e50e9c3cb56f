import type { ReactNode } from 'react';
import type { DiffResponse, RepoOverview } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { diffQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useAppStore } from '../../store/store-context.js';
import { revisionOptions } from './repo-revisions.js';

export interface ComparePanelProps {
  readonly repo: RepoKey;
  readonly overview: RepoOverview;
  readonly revision: string;
}

/** Files added, removed and changed between two revisions. */
export function ComparePanel({ repo, overview, revision }: ComparePanelProps): ReactNode {
  const compareFrom = useAppStore((state) => state.repoView.compareFrom);
  const compareTo = useAppStore((state) => state.repoView.compareTo);
  const setCompare = useAppStore((state) => state.setCompare);
  const options = revisionOptions(overview);
  if (options.length < 2) {
    return (
      <EmptyState title="Nothing to compare">
        <p>This repo has a single revision.</p>
      </EmptyState>
    );
  }
  const to = compareTo ?? revision;
  const from = compareFrom ?? options.find((option) => option.value !== to)?.value ?? to;

  return (
    <>
      <div className="filters">
        <RevisionSelect id="compare-from" label="From" value={from} options={options} onChange={(value) => setCompare(value, to)} />
        <RevisionSelect id="compare-to" label="To" value={to} options={options} onChange={(value) => setCompare(from, value)} />
      </div>
      {from === to ? <p className="hint">Pick two different revisions.</p> : <DiffResult repo={repo} from={from} to={to} />}
    </>
  );
}

function RevisionSelect(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: ReturnType<typeof revisionOptions>;
  readonly onChange: (value: string) => void;
}): ReactNode {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function DiffResult({ repo, from, to }: { readonly repo: RepoKey; readonly from: string; readonly to: string }): ReactNode {
  const query = useQuery(diffQuery(repo, from, to));
  return (
    <QueryContent query={query} what="the comparison">
      {(diff) => <DiffTable diff={diff} />}
    </QueryContent>
  );
}

const DIFF_COLUMNS = [{ label: 'Change' }, { label: 'Path' }, { label: 'Before', numeric: true }, { label: 'After', numeric: true }];

const CHANGE_TONES = { added: 'ok', removed: 'error', modified: 'warning' } as const;

function DiffTable({ diff }: { readonly diff: DiffResponse }): ReactNode {
  if (diff.changes.length === 0) return <EmptyState title="The two revisions hold the same files" />;
  const count = (kind: keyof typeof CHANGE_TONES): number => diff.changes.filter((change) => change.change === kind).length;
  return (
    <>
      <p className="panel-summary">
        {count('added')} added · {count('removed')} removed · {count('modified')} modified
      </p>
      <DataTable caption="Changed files" columns={DIFF_COLUMNS}>
        {diff.changes.map((change) => (
          <tr key={change.path}>
            <td>
              <Badge tone={CHANGE_TONES[change.change]}>{change.change}</Badge>
            </td>
            <th scope="row">
              <code>{change.path}</code>
            </th>
            <td className="numeric">{change.before ? formatBytes(change.before.size) : '—'}</td>
            <td className="numeric">{change.after ? formatBytes(change.after.size) : '—'}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
