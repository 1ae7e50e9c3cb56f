import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useAppStore } from '../../store/store-context.js';
import { visibleRows, type FolderNode, type VisibleRow } from './file-tree-model.js';
import { FileTreeRow, TREE_ROW_HEIGHT } from './FileTreeRow.js';

export interface FileTreeProps {
  readonly root: FolderNode;
  readonly label: string;
}

/**
 * The file tree as an ARIA tree, virtualised (only the rows in view exist in the DOM, so a
 * 100,000-file repo scrolls smoothly). Arrow keys move, Right/Left open and close folders,
 * Enter selects; one row at a time is in the tab order (roving tabindex).
 */
export function FileTree({ root, label }: FileTreeProps): ReactNode {
  const expanded = useAppStore((state) => state.repoView.expanded);
  const selectedPath = useAppStore((state) => state.repoView.selectedPath);
  const setFolderExpanded = useAppStore((state) => state.setFolderExpanded);
  const selectPath = useAppStore((state) => state.selectPath);
  const rows = useMemo(() => visibleRows(root, expanded), [root, expanded]);
  const selectedIndex = selectedPath === undefined ? -1 : rows.findIndex((row) => row.node.path === selectedPath);
  const [active, setActive] = useState(Math.max(0, selectedIndex));
  const activeIndex = Math.min(active, rows.length - 1);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusPending = useRef(false);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TREE_ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (!focusPending.current) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (element) {
      element.focus({ preventScroll: true });
      focusPending.current = false;
    }
  });

  const moveTo = (index: number): void => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const activate = (row: VisibleRow, index: number): void => {
    setActive(index);
    selectPath(row.node.path);
    if (row.node.kind === 'folder') setFolderExpanded(row.node.path, expanded[row.node.path] !== true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const row = rows[activeIndex];
    if (!row) return;
    const isFolder = row.node.kind === 'folder';
    const isOpen = expanded[row.node.path] === true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(activeIndex - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (isFolder && !isOpen) setFolderExpanded(row.node.path, true);
        else if (isFolder) moveTo(activeIndex + 1);
        break;
      case 'ArrowLeft':
        if (isFolder && isOpen) setFolderExpanded(row.node.path, false);
        else if (row.parentPath !== undefined) moveTo(rows.findIndex((candidate) => candidate.node.path === row.parentPath));
        break;
      case 'Enter':
      case ' ':
        activate(row, activeIndex);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="tree-scroll" ref={scrollRef}>
      <div role="tree" aria-label={label} className="tree" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <FileTreeRow
              key={row.node.path}
              row={row}
              index={item.index}
              top={item.start}
              active={item.index === activeIndex}
              expanded={expanded[row.node.path] === true}
              selected={row.node.path === selectedPath}
              onActivate={() => activate(row, item.index)}
            />
          );
        })}
      </div>
    </div>
  );
}
