import { GITLINK_MODE, TREE_MODE } from '../../shared/git-objects.js';
import { type TreeEntryWithBlobRow, createTreeStatsTable, type TreeStatsRow, type TreeStatsTable } from '../db/index.js';
import type { StoreContext } from './store-context.js';

export interface FolderStats {
  /** Bytes of every file below the folder (the real size for LFS files). */
  readonly size: number;
  /** Number of files below the folder, at any depth. */
  readonly files: number;
}

interface Frame {
  readonly oid: string;
  rows?: TreeEntryWithBlobRow[];
}

/**
 * Recursive folder statistics per tree oid. A tree's stats depend only on its oid, so each is
 * computed once (bottom-up, sharing sub-trees) and cached in tree_stats for good.
 */
export class FolderStatsCache {
  private readonly table: TreeStatsTable;

  constructor(private readonly ctx: StoreContext) {
    this.table = createTreeStatsTable(ctx.db);
  }

  get(treeOid: string): FolderStats {
    const cached = this.table.get(treeOid);
    if (cached) return { size: cached.size, files: cached.files };
    const known = new Map<string, FolderStats>();
    const computed: TreeStatsRow[] = [];
    const lookup = (oid: string): FolderStats | undefined => {
      let stats = known.get(oid);
      if (!stats) {
        const row = this.table.get(oid);
        if (row) known.set(oid, (stats = { size: row.size, files: row.files }));
      }
      return stats;
    };
    // Iterative post-order walk: deep folder trees must not exhaust the call stack.
    const stack: Frame[] = [{ oid: treeOid }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      if (frame.rows === undefined) {
        if (lookup(frame.oid)) {
          stack.pop();
          continue;
        }
        frame.rows = this.ctx.objects.treeEntriesWithBlobs(frame.oid);
        for (const row of frame.rows) {
          if (row.mode === TREE_MODE && !lookup(row.oid)) stack.push({ oid: row.oid });
        }
        continue;
      }
      let size = 0;
      let files = 0;
      for (const row of frame.rows) {
        if (row.mode === TREE_MODE) {
          const child = known.get(row.oid) ?? { size: 0, files: 0 };
          size += child.size;
          files += child.files;
        } else if (row.mode !== GITLINK_MODE) {
          size += row.lfs_size ?? row.size ?? 0;
          files += 1;
        }
      }
      const stats = { size, files };
      known.set(frame.oid, stats);
      computed.push({ tree_oid: frame.oid, size, files });
      stack.pop();
    }
    if (computed.length > 0) this.table.putAll(computed);
    return known.get(treeOid) ?? { size: 0, files: 0 };
  }
}
