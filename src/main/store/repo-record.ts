import type { RepoType } from '../../shared/repo-id.js';
import type { RepoRow } from '../db/index.js';

export type GatedMode = false | 'auto' | 'manual';

export interface RepoRecord {
  /** Stable internal id: a move or rename never changes it. */
  readonly id: number;
  readonly type: RepoType;
  readonly namespace: string;
  readonly name: string;
  /** "namespace/name" */
  readonly fullName: string;
  readonly private: boolean;
  readonly gated: GatedMode;
  /** Per-repo LFS size threshold, or null for the hub default. */
  readonly lfsThreshold: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export function toRepoRecord(row: RepoRow): RepoRecord {
  return {
    id: row.id,
    type: row.type as RepoType,
    namespace: row.namespace,
    name: row.name,
    fullName: `${row.namespace}/${row.name}`,
    private: row.private === 1,
    gated: row.gated === 'false' ? false : (row.gated as 'auto' | 'manual'),
    lfsThreshold: row.lfs_threshold,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
