import type { RepoOverview } from '../../../shared/app-api.js';
import { shortHash } from '../../format/oids.js';

export interface RevisionOption {
  /** What the API and the URL take: a branch or tag name (hub) or a commit (cache). */
  readonly value: string;
  readonly label: string;
  readonly group: 'Branches' | 'Tags' | 'Pull requests' | 'Snapshots';
  /** What deleting it takes: a full ref name (hub) or the commit (cache); none for a pull request's ref. */
  readonly deleteTarget: string | undefined;
  readonly deleteLabel: string;
}

export type DeletableRevision = RevisionOption & { readonly deleteTarget: string };

export function isDeletable(option: RevisionOption | undefined): option is DeletableRevision {
  return option?.deleteTarget !== undefined;
}

/** The revisions a repo view can switch to and compare. */
export function revisionOptions(repo: RepoOverview): RevisionOption[] {
  if (repo.source === 'cache') {
    return repo.revisions.map((revision) => ({
      value: revision.commit,
      label: revision.refs.length > 0 ? `${revision.refs.join(', ')} (${shortHash(revision.commit)})` : shortHash(revision.commit),
      group: 'Snapshots',
      deleteTarget: revision.commit,
      deleteLabel: `snapshot ${shortHash(revision.commit)}`,
    }));
  }
  return repo.refs.map((ref) => ({
    value: ref.name,
    label: ref.name,
    group: ref.kind === 'branch' ? 'Branches' : ref.kind === 'tag' ? 'Tags' : 'Pull requests',
    // A pull request's ref goes away with the pull request, not from here.
    deleteTarget: ref.kind === 'pull-request' ? undefined : `${ref.kind === 'branch' ? 'refs/heads/' : 'refs/tags/'}${ref.name}`,
    deleteLabel: `${ref.kind} ${ref.name}`,
  }));
}

/** The revision shown: the one in the URL when the repo has it, else the repo's default. */
export function currentRevision(repo: RepoOverview, requested: string | undefined): string {
  if (requested !== undefined) return requested;
  return repo.defaultRevision;
}
