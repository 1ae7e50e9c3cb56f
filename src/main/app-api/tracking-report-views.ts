import type {
  DuplicatesResponse, OutdatedResponse, RepoSummaryView, SimilarRepoView, StructureStatsView, TrackingStatsResponse,
} from '../../shared/tracking-api.js';
import type { CatalogFile, CatalogStats, DuplicateContent, DuplicatesReport, OutdatedReport, RepoSummary, Similarity, StructureStats, TrackedRepo } from '../catalog/index.js';
import { trackedFileView } from './tracking-views.js';

/** A duplicates answer lists this many contents at most (its totals count them all), and this many places of each. */
export const DUPLICATES_LIMIT = 500;
export const DUPLICATE_PLACES_SHOWN = 3;

export function structureStatsView(stats: StructureStats, tracked: readonly TrackedRepo[]): StructureStatsView {
  return {
    files: stats.files,
    totalSize: stats.totalSize,
    lfsFiles: stats.lfsFiles,
    lfsSize: stats.lfsSize,
    largest: stats.largest.map((file) => trackedFileView(file, tracked)),
    byExtension: stats.byExtension.map((row) => ({ ext: row.ext, files: row.files, size: row.size })),
  };
}

export function trackingStatsView(stats: CatalogStats, tracked: readonly TrackedRepo[]): TrackingStatsResponse {
  return {
    ...structureStatsView(stats, tracked),
    trackedRepos: stats.trackedRepos,
    reposWithStructures: stats.reposWithStructures,
    structures: stats.structures,
    repos: stats.repos.map(repoSummaryView),
  };
}

function repoSummaryView(summary: RepoSummary): RepoSummaryView {
  return { ...repoNames(summary.repo), commit: summary.commit, files: summary.files, totalSize: summary.totalSize };
}

/** A page of duplicates; `placesOf` gives the first places of a content. */
export function duplicatesView(report: DuplicatesReport, offset: number, placesOf: (content: DuplicateContent) => readonly CatalogFile[], tracked: readonly TrackedRepo[]): DuplicatesResponse {
  return {
    contents: report.contents.map((content) => ({
      sha256: content.sha256,
      oid: content.oid,
      size: content.size,
      placeCount: content.placeCount,
      repos: content.repos.map(repoNames),
      places: placesOf(content).map((file) => trackedFileView(file, tracked)),
      onDisk: { hub: content.onDisk.hub, cache: content.onDisk.cache },
      copiesOnDisk: content.copiesOnDisk,
      wastedBytes: content.wastedBytes,
      reusableBytes: content.reusableBytes,
    })),
    count: report.count,
    wastedBytes: report.wastedBytes,
    reusableBytes: report.reusableBytes,
    truncated: report.count > offset + report.contents.length,
  };
}

export function similarRepoView(similarity: Similarity): SimilarRepoView {
  return {
    ...repoNames(similarity.repo),
    commit: similarity.commit,
    sharedPaths: similarity.sharedPaths,
    identicalFiles: similarity.identicalFiles,
    sharedContents: similarity.sharedContents,
    sharedSize: similarity.sharedSize,
  };
}

export function outdatedView(report: OutdatedReport): OutdatedResponse {
  return {
    cacheDir: report.cacheDir,
    endpoint: report.endpoint,
    checked: report.checked,
    outdated: report.outdated.map((snapshot) => ({
      repo: snapshot.repo,
      repoType: snapshot.repoType,
      ref: snapshot.ref,
      cachedCommit: snapshot.cachedCommit,
      upstreamCommit: snapshot.upstreamCommit,
      downloadBytes: snapshot.downloadBytes,
      oldCommit: snapshot.cachedCommit,
      newCommit: snapshot.upstreamCommit,
      added: snapshot.added,
      removed: snapshot.removed,
      modified: snapshot.modified,
      renamed: snapshot.renamed,
    })),
    failures: report.failures.map((failure) => ({ repo: failure.repo, repoType: failure.repoType, ref: failure.ref, error: failure.error })),
  };
}

function repoNames(repo: TrackedRepo): Pick<RepoSummaryView, 'trackedId' | 'repo' | 'repoType' | 'revision' | 'endpoint'> {
  return { trackedId: repo.id, repo: repo.repo, repoType: repo.repoType, revision: repo.revision, endpoint: repo.endpoint };
}
