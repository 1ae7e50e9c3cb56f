import { ALL_REFS } from '../../shared/ref-name.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { TrackedFile } from '../../shared/tracking-api.js';
import type { CatalogFileRow, CatalogRefRow, CatalogRepoRow, CatalogRevisionRow, CatalogSource } from '../db/index.js';

export { ALL_REFS };

/** A ref of a tracked repo at its last good refresh. */
export interface TrackedRef {
  readonly ref: string;
  readonly commit: string;
  readonly files: number;
  readonly totalSize: number;
  readonly fetchedAt: number;
}

/** A remote repo the catalog tracks, with its current structure's size (null before a good refresh). */
export interface TrackedRepo {
  readonly id: number;
  /** A remote hub, the local hub or a Hugging Face cache folder. */
  readonly source: CatalogSource;
  /** The hub's URL; 'local' for the local hub; the folder of a Hugging Face cache. */
  readonly endpoint: string;
  readonly repoType: RepoType;
  readonly repo: string;
  /** The tracked branch, tag or commit as the user gave it; '*' for all branches and tags. */
  readonly revision: string;
  /** The commit of the tracked revision (of main, or the first ref, with all refs) at the last good refresh; remote commit ids are opaque strings. */
  readonly commit: string | null;
  readonly refs: readonly TrackedRef[];
  /** How often a scheduled refresh checks it; null for on demand only. */
  readonly everyMs: number | null;
  readonly files: number | null;
  readonly totalSize: number | null;
  readonly addedAt: number;
  readonly checkedAt: number | null;
  /** Why the last refresh failed (the structure of the last good one is kept). */
  readonly error: string | null;
  readonly errorAt: number | null;
}

/** A file of a tracked repo's current structure: the wire type without the id of the tracked repo holding it. */
export type CatalogFile = Omit<TrackedFile, 'trackedId'>;

/** A stored revision of a tracked repo. */
export interface StoredStructure {
  readonly repo: TrackedRepo;
  readonly revision: CatalogRevisionRow;
}

/** Picks tracked repos: by id, narrowed by hub, type and tracked revision when given. */
export interface RepoSelector {
  readonly repo: string;
  readonly endpoint?: string | undefined;
  readonly repoType?: RepoType | undefined;
  readonly revision?: string | undefined;
}

export function trackedRepo(row: CatalogRepoRow, refRows: readonly CatalogRefRow[]): TrackedRepo {
  const refs = refRows.map((ref) => ({ ref: ref.ref, commit: ref.commit_id, files: ref.files, totalSize: ref.total_size, fetchedAt: ref.fetched_at }));
  const main = refs.find((ref) => ref.ref === row.revision) ?? (row.revision === ALL_REFS ? (refs.find((ref) => ref.ref === 'main') ?? refs[0]) : undefined);
  return {
    id: row.id,
    source: row.source,
    endpoint: row.endpoint,
    repoType: row.type as RepoType,
    repo: row.repo_id,
    revision: row.revision,
    commit: main?.commit ?? null,
    refs,
    everyMs: row.every_ms,
    files: main?.files ?? null,
    totalSize: main?.totalSize ?? null,
    addedAt: row.added_at,
    checkedAt: row.checked_at,
    error: row.error,
    errorAt: row.error_at,
  };
}

/** Whether stored refs are exactly these (name to commit), so that nothing needs writing. */
export function refsMatch(stored: readonly CatalogRefRow[], current: ReadonlyMap<string, string>): boolean {
  return stored.length === current.size && stored.every((ref) => current.get(ref.ref) === ref.commit_id);
}

export function catalogFile(row: CatalogFileRow): CatalogFile {
  return {
    source: row.source,
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

/**
 * How messages name a tracked repo: "alice/m1@main on https://hub", "datasets/alice/d1@v1 on
 * https://hub", "alice/m1 on the local hub", "alice/m1 in the HF cache /home/me/.cache/huggingface/hub".
 */
export function describeTracked(repo: Pick<TrackedRepo, 'repo' | 'repoType' | 'revision' | 'endpoint'> & { readonly source?: CatalogSource }): string {
  const prefix = repo.repoType === 'model' ? '' : `${repo.repoType}s/`;
  const revision = repo.revision === ALL_REFS ? '' : `@${repo.revision}`;
  if (repo.source === 'hub') return `${prefix}${repo.repo}${revision} on the local hub`;
  if (repo.source === 'cache') return `${prefix}${repo.repo}${revision} in the HF cache ${repo.endpoint}`;
  return `${prefix}${repo.repo}@${repo.revision} on ${repo.endpoint}`;
}
