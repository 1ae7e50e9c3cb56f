import type { RepoType } from '../../shared/repo-id.js';
import type { CatalogFileRow, CatalogRepoListRow, CatalogRepoRow } from '../db/index.js';

/** A remote repo the catalog tracks, with its current structure's size (null before a good refresh). */
export interface TrackedRepo {
  readonly id: number;
  readonly endpoint: string;
  readonly repoType: RepoType;
  readonly repo: string;
  /** The tracked branch, tag or commit as the user gave it. */
  readonly revision: string;
  /** The commit of the last good refresh; remote commit ids are opaque strings. */
  readonly commit: string | null;
  readonly files: number | null;
  readonly totalSize: number | null;
  readonly addedAt: number;
  readonly checkedAt: number | null;
  /** Why the last refresh failed (the structure of the last good one is kept). */
  readonly error: string | null;
  readonly errorAt: number | null;
}

/** A file of a tracked repo's current structure. sha256 is its LFS sha256 (null for a file stored in git). */
export interface CatalogFile {
  readonly repo: string;
  readonly repoType: RepoType;
  readonly endpoint: string;
  readonly revision: string;
  readonly commit: string;
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  readonly sha256: string | null;
}

/** Picks tracked repos: by id, narrowed by hub, type and tracked revision when given. */
export interface RepoSelector {
  readonly repo: string;
  readonly endpoint?: string | undefined;
  readonly repoType?: RepoType | undefined;
  readonly revision?: string | undefined;
}

export function trackedRepo(row: CatalogRepoRow | CatalogRepoListRow): TrackedRepo {
  return {
    id: row.id,
    endpoint: row.endpoint,
    repoType: row.type as RepoType,
    repo: row.repo_id,
    revision: row.revision,
    commit: row.current_commit,
    files: 'files' in row ? row.files : null,
    totalSize: 'total_size' in row ? row.total_size : null,
    addedAt: row.added_at,
    checkedAt: row.checked_at,
    error: row.error,
    errorAt: row.error_at,
  };
}

export function catalogFile(row: CatalogFileRow): CatalogFile {
  return {
    repo: row.repo_id,
    repoType: row.type as RepoType,
    endpoint: row.endpoint,
    revision: row.revision,
    commit: row.commit_id,
    path: row.path,
    size: row.size,
    oid: row.oid,
    sha256: row.lfs_sha256,
  };
}

/** "alice/m1@main on https://hub", "datasets/alice/d1@v1 on https://hub": how messages name a tracked repo. */
export function describeTracked(repo: Pick<TrackedRepo, 'repo' | 'repoType' | 'revision' | 'endpoint'>): string {
  const prefix = repo.repoType === 'model' ? '' : `${repo.repoType}s/`;
  return `${prefix}${repo.repo}@${repo.revision} on ${repo.endpoint}`;
}
