import { useMemo, type ReactNode } from 'react';
import type { DiskRepo } from '../../../shared/app-api.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { layoutTreemap } from './treemap-layout.js';
import { UsageBars } from './UsageBars.js';

const WIDTH = 960;
const HEIGHT = 300;

/** The treemap is a picture (one accessible name); the bars below carry the same numbers as text. */
export function UsageTreemap({ repos }: { readonly repos: readonly DiskRepo[] }): ReactNode {
  const cells = useMemo(() => layoutTreemap(repos, WIDTH, HEIGHT), [repos]);
  const biggest = [...repos].sort((a, b) => b.sizeOnDisk - a.sizeOnDisk).slice(0, 3);
  const description = `Disk usage by repo and revision. Largest: ${biggest.map((repo) => `${repo.id} ${formatBytes(repo.sizeOnDisk)}`).join(', ')}.`;
  return (
    <section aria-labelledby="usage-title">
      <h2 id="usage-title">Usage by repo and revision</h2>
      <svg className="treemap" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description}>
        {cells.map((cell) => (
          <g key={cell.key} className={`treemap-cell treemap-${cell.source}`}>
            <rect x={cell.x} y={cell.y} width={cell.width} height={cell.height} rx={3}>
              <title>
                {cell.repo}
                {cell.commit !== undefined ? ` @ ${cell.refs.length > 0 ? cell.refs.join(', ') : shortHash(cell.commit)}` : ''}: {formatBytes(cell.bytes)}
              </title>
            </rect>
            {cell.width > 90 && cell.height > 34 && (
              <text x={cell.x + 6} y={cell.y + 16} className="treemap-label">
                <tspan>{cell.repo.length > cell.width / 7 ? `${cell.repo.slice(0, Math.floor(cell.width / 7) - 1)}…` : cell.repo}</tspan>
                <tspan x={cell.x + 6} dy={14} className="treemap-size">
                  {formatBytes(cell.bytes)}
                  {cell.commit !== undefined ? ` · ${cell.refs[0] ?? shortHash(cell.commit)}` : ''}
                </tspan>
              </text>
            )}
          </g>
        ))}
      </svg>
      <UsageBars repos={repos} />
    </section>
  );
}
