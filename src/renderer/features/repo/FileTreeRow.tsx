import { memo, type ReactNode } from 'react';
import { Badge } from '../../components/Badge.js';
import { formatBytes } from '../../format/bytes.js';
import type { VisibleRow } from './file-tree-model.js';

export const TREE_ROW_HEIGHT = 32;
const INDENT_PX = 18;

export interface FileTreeRowProps {
  readonly row: VisibleRow;
  readonly index: number;
  readonly top: number;
  readonly active: boolean;
  readonly expanded: boolean;
  readonly selected: boolean;
  readonly onActivate: () => void;
}

export const FileTreeRow = memo(function FileTreeRow({ row, index, top, active, expanded, selected, onActivate }: FileTreeRowProps): ReactNode {
  const { node } = row;
  const folder = node.kind === 'folder';
  return (
    <div
      role="treeitem"
      className={`tree-row${selected ? ' selected' : ''}`}
      data-index={index}
      data-path={node.path}
      aria-level={row.level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-expanded={folder ? expanded : undefined}
      aria-selected={selected}
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${top}px)`, paddingInlineStart: `${(row.level - 1) * INDENT_PX + 8}px` }}
      onClick={onActivate}
    >
      <span className="tree-chevron" aria-hidden="true">
        {folder ? (expanded ? '▾' : '▸') : ''}
      </span>
      <span className={folder ? 'tree-name folder' : 'tree-name'}>{node.name}</span>
      <span className="tree-badge">
        {node.kind === 'file' && node.file.lfs && (
          <Badge tone="info" title="Stored with Git LFS">
            LFS
          </Badge>
        )}
      </span>
      <span className="tree-count">{folder ? `${node.fileCount} ${node.fileCount === 1 ? 'file' : 'files'}` : ''}</span>
      <span className="tree-size">{formatBytes(folder ? node.size : node.file.size)}</span>
    </div>
  );
});
