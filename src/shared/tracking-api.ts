// The app API of structure tracking (/-/api/v1/tracking/...), shared by the core and the UI.
import type { RepoType } from './repo-id.js';

export type TrackedSource = 'remote' | 'hub' | 'cache';

export interface TrackedRefView {
  readonly ref: string;
  readonly commit: string;
}

/** A tracked repo as the Tracking screen lists it (times in ms since the epoch). */
export interface TrackedRepoView {
  /** The id the other tracking routes take. */
  readonly id: number;
  readonly source: TrackedSource;
  readonly endpoint: string;
  readonly repoType: RepoType;
  readonly repo: string;
  /** A branch, tag or commit; '*' for every branch and tag. */
  readonly revision: string;
  /** How often the server refreshes it; null for on demand only. */
  readonly everyMs: number | null;
  /** The tracked revision's commit at the last good refresh; null before one. */
  readonly commit: string | null;
  readonly refs: readonly TrackedRefView[];
  readonly files: number | null;
  readonly totalSize: number | null;
  readonly addedAt: number;
  readonly checkedAt: number | null;
  /** When a scheduled refresh checks it next (a time past is due now); null when it refreshes on demand only. */
  readonly nextCheckAt: number | null;
  /** Why the last refresh failed (the last good structure is kept). */
  readonly error: string | null;
  readonly errorAt: number | null;
  /** The commit stored before the current one: the upstream moved from it (null when it never did). */
  readonly previousCommit: string | null;
  /** The upstream has a newer commit than the first structure stored: see the diff from previousCommit. */
  readonly updateAvailable: boolean;
}

export interface TrackedReposResponse {
  readonly repos: readonly TrackedRepoView[];
}

/** Tracks a repo on a saved hub (`hub`, its id) or at a URL (`endpoint`), then fetches its structure. */
export interface TrackRepoRequest {
  readonly hub?: string;
  readonly endpoint?: string;
  readonly repoType: RepoType;
  readonly repo: string;
  /** Branch, tag or commit; main when absent. */
  readonly revision?: string;
  /** Every branch and tag instead of one revision. */
  readonly allRefs?: boolean;
  /** How often the server refreshes it: "6h", "24h", "7d" or "never" (default daily). */
  readonly every?: string;
}

export type RefreshState = 'unchanged' | 'updated' | 'failed';

export interface RefreshOutcome {
  readonly repo: TrackedRepoView;
  readonly status: RefreshState;
  readonly error: string | null;
}

/** `id` refreshes one tracked repo; without it, every one. */
export interface RefreshRequest {
  readonly id?: number;
}

export interface RefreshResponse {
  readonly results: readonly RefreshOutcome[];
}

/** A file of a tracked structure. sha256 is the LFS sha256 (null for a file stored in git). */
export interface TrackedFile {
  /** The tracked repo holding it (null for a source the tracking screen does not list). */
  readonly trackedId: number | null;
  readonly source: TrackedSource;
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

/** What a search looks for: a git oid or sha256, a glob over paths, an extension, or text in the name. */
export const FIND_KINDS = ['hash', 'glob', 'ext', 'name'] as const;
export type FindKind = (typeof FIND_KINDS)[number];

export interface FindResponse {
  readonly files: readonly TrackedFile[];
  /** More files matched than the answer holds. */
  readonly truncated: boolean;
}

/** A file or subfolder of a stored folder. Folders carry no size or hashes (their files do). */
export interface FolderEntryView {
  readonly name: string;
  /** From the repo's root: "weights/model.safetensors". */
  readonly path: string;
  readonly kind: 'file' | 'folder';
  readonly size: number | null;
  readonly oid: string | null;
  /** The LFS sha256; null for a file stored in git and for folders. */
  readonly sha256: string | null;
}

export interface FolderListingResponse {
  readonly commit: string;
  /** "" for the root. */
  readonly path: string;
  /** Folders first, then files, each by name. */
  readonly entries: readonly FolderEntryView[];
}

export interface StoredRevisionView {
  readonly commit: string;
  /** The refs at this commit now (none for a commit the refs moved on from). */
  readonly refs: readonly string[];
  readonly files: number;
  readonly totalSize: number;
  readonly fetchedAt: number;
}

export interface StoredRevisionsResponse {
  readonly revisions: readonly StoredRevisionView[];
}

export interface DiffFileView {
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  readonly sha256: string | null;
}

export interface StructureDiffResponse {
  readonly oldCommit: string;
  readonly newCommit: string;
  readonly added: readonly DiffFileView[];
  readonly removed: readonly DiffFileView[];
  readonly modified: readonly { readonly path: string; readonly old: DiffFileView; readonly new: DiffFileView }[];
  readonly renamed: readonly { readonly from: DiffFileView; readonly to: DiffFileView }[];
}
