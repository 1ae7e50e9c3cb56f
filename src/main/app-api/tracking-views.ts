import type { TrackedFile, TrackedRepoView, StructureDiffResponse } from '../../shared/tracking-api.js';
import { nextRefreshAt, type CatalogFile, type RevisionDiff, type StoredRevision, type TrackedRepo } from '../catalog/index.js';

/** A tracked repo in the UI's terms: when it is checked next, and whether the upstream moved on. */
export function trackedRepoView(repo: TrackedRepo, stored: readonly StoredRevision[]): TrackedRepoView {
  // Newest first: the latest commit stored before the current one (or after it, when the hub went back to an older one).
  const previous = repo.commit === null ? undefined : stored.find((revision) => revision.commit !== repo.commit);
  return {
    id: repo.id,
    source: repo.source,
    endpoint: repo.endpoint,
    repoType: repo.repoType,
    repo: repo.repo,
    revision: repo.revision,
    everyMs: repo.everyMs,
    commit: repo.commit,
    refs: repo.refs.map((ref) => ({ ref: ref.ref, commit: ref.commit })),
    files: repo.files,
    totalSize: repo.totalSize,
    addedAt: repo.addedAt,
    checkedAt: repo.checkedAt,
    nextCheckAt: nextRefreshAt(repo),
    error: repo.error,
    errorAt: repo.errorAt,
    previousCommit: previous?.commit ?? null,
    updateAvailable: previous !== undefined,
  };
}

/** A found file, linked to the tracked repo holding it (matched by hub, type, id and revision). */
export function trackedFileView(file: CatalogFile, tracked: readonly TrackedRepo[]): TrackedFile {
  const holder = tracked.find(
    (repo) => repo.endpoint === file.endpoint && repo.repoType === file.repoType && repo.repo === file.repo && repo.refs.some((ref) => ref.ref === file.revision),
  );
  return { trackedId: holder?.id ?? null, ...file };
}

export function structureDiffView(diff: RevisionDiff): StructureDiffResponse {
  return { oldCommit: diff.oldCommit, newCommit: diff.newCommit, added: diff.added, removed: diff.removed, modified: diff.modified, renamed: diff.renamed };
}
