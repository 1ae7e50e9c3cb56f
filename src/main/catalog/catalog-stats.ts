import type { ExtensionStatsView, StructureStatsOf } from '../../shared/tracking-api.js';
import type { CatalogQueries, CatalogStatsQueries } from '../db/index.js';
import { catalogFile, type CatalogFile, type StoredStructure, type TrackedRepo } from './tracked-repo.js';

export type ExtensionStats = ExtensionStatsView;

/** Sums over the files of one or more structures. */
export type StructureStats = StructureStatsOf<CatalogFile>;

/** A repo's current structure: its commit, files and bytes. */
export interface RepoSummary {
  readonly repo: TrackedRepo;
  readonly commit: string;
  readonly files: number;
  readonly totalSize: number;
}

export interface RepoStats extends StructureStats {
  readonly repo: TrackedRepo;
  readonly commit: string;
}

export interface CatalogStats extends StructureStats {
  readonly trackedRepos: number;
  /** Tracked repos with a structure (a good refresh at least once). */
  readonly reposWithStructures: number;
  /** Distinct commits the current structures hold (a repo tracked with all refs may hold several). */
  readonly structures: number;
  readonly repos: readonly RepoSummary[];
}

const LARGEST = 10;

/** Stats of a set of stored revisions taken together (each counted once). */
export function structureStats(stats: CatalogStatsQueries, queries: CatalogQueries, targets: readonly StoredStructure[]): StructureStats {
  const roots = targets.map((target) => target.revision.root_folder);
  const extensions = stats.byExtension(roots);
  const wanted = new Set(targets.map((target) => JSON.stringify([target.repo.id, target.revision.commit_id])));
  const seen = new Set<string>();
  const largest = queries
    .filesOfEntries(stats.largestEntries(roots, LARGEST))
    .filter((row) => {
      const place = JSON.stringify([row.repo_row, row.commit_id]);
      const key = JSON.stringify([place, row.path]);
      if (!wanted.has(place) || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(catalogFile)
    .sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, LARGEST);
  return {
    files: sum(extensions.map((row) => row.files)),
    totalSize: sum(extensions.map((row) => row.size)),
    lfsFiles: sum(extensions.map((row) => row.lfs_files)),
    lfsSize: sum(extensions.map((row) => row.lfs_size)),
    largest,
    byExtension: extensions.map((row) => ({ ext: row.ext, files: row.files, size: row.size })),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Stats of all the current structures of these repos together, with each repo's files and bytes. */
export function catalogStats(
  stats: CatalogStatsQueries, queries: CatalogQueries, repos: readonly TrackedRepo[], stored: (repo: TrackedRepo, commit: string) => StoredStructure,
): CatalogStats {
  const structures = new Map<string, StoredStructure>();
  for (const repo of repos) {
    for (const ref of repo.refs) structures.set(JSON.stringify([repo.id, ref.commit]), stored(repo, ref.commit));
  }
  const withStructures = repos.filter((repo) => repo.commit !== null);
  return {
    ...structureStats(stats, queries, [...structures.values()]),
    trackedRepos: repos.length,
    reposWithStructures: withStructures.length,
    structures: structures.size,
    repos: withStructures.map((repo) => ({ repo, commit: repo.commit as string, files: repo.files ?? 0, totalSize: repo.totalSize ?? 0 })),
  };
}
