import type { ReactNode } from 'react';
import type { DiskRepo } from '../../../shared/app-api.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';

const SHOWN = 25;

export function UsageBars({ repos }: { readonly repos: readonly DiskRepo[] }): ReactNode {
  const sorted = [...repos].sort((a, b) => b.sizeOnDisk - a.sizeOnDisk);
  const max = sorted[0]?.sizeOnDisk ?? 1;
  return (
    <table className="table usage-bars">
      <caption className="visually-hidden">Disk usage by repo</caption>
      <thead>
        <tr>
          <th scope="col">Repo</th>
          <th scope="col">Revisions</th>
          <th scope="col" className="numeric">
            Size
          </th>
          <th scope="col" aria-hidden="true" className="bar-column" />
        </tr>
      </thead>
      <tbody>
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
      </tbody>
    </table>
  );
}
