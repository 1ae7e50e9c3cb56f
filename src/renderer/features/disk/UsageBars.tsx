import type { ReactNode } from 'react';
import type { DiskRepo } from '../../../shared/app-api.js';
import { DataTable } from '../../components/DataTable.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';

const SHOWN = 25;
const USAGE_COLUMNS = [{ label: 'Repo' }, { label: 'Revisions' }, { label: 'Size', numeric: true }, { label: '', decoration: 'bar-column' }];

export function UsageBars({ repos }: { readonly repos: readonly DiskRepo[] }): ReactNode {
  const sorted = [...repos].sort((a, b) => b.sizeOnDisk - a.sizeOnDisk);
  const max = sorted[0]?.sizeOnDisk ?? 1;
  return (
    <DataTable caption="Disk usage by repo" className="usage-bars" columns={USAGE_COLUMNS}>
      {sorted.slice(0, SHOWN).map((repo) => (
        <tr key={`${repo.source}:${repo.type}:${repo.id}`}>
          <th scope="row">
            {repo.id} <span className="muted">({repo.source === 'hub' ? 'hub' : 'cache'})</span>
          </th>
          <td>{repo.revisions.map((revision) => revision.refs[0] ?? shortHash(revision.commit)).join(', ') || '—'}</td>
          <td className="numeric">{formatBytes(repo.sizeOnDisk)}</td>
          <td aria-hidden="true" className="bar-column">
            <span className="bar" style={{ transform: `scaleX(${max === 0 ? 0 : repo.sizeOnDisk / max})` }} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
