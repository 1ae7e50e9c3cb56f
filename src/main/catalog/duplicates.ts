import type { CatalogDuplicatesQueries } from '../db/index.js';
import { catalogFile, type CatalogFile, type TrackedRepo } from './tracked-repo.js';

/** A content held at more than one place (another repo, or another commit of the same repo). */
export interface DuplicateContent {
  readonly sha256: string | null;
  readonly oid: string;
  readonly size: number;
  /** How many files hold it: one per repo, commit and path (a commit at two refs counts once). `duplicatePlaces` lists them. */
  readonly placeCount: number;
  /** The tracked repos holding it (one per hub, type and repo), in no particular order. */
  readonly repos: readonly TrackedRepo[];
  readonly onDisk: { readonly hub: boolean; readonly cache: boolean };
  /** Copies on this disk: one per HF cache repo whose structure lists it, one for the hub store. */
  readonly copiesOnDisk: number;
  /** Bytes the copies beyond the first take on disk now. */
  readonly wastedBytes: number;
  /** Bytes that downloading the remote repos holding it need not fetch, reusing a copy on disk (or the first download). */
  readonly reusableBytes: number;
}

/** The totals over every duplicated content, and one page of the contents. */
export interface DuplicatesReport {
  /** Largest waste first, then largest saving, then largest content, then hash. */
  readonly contents: readonly DuplicateContent[];
  /** How many contents are held more than once (listed or not). */
  readonly count: number;
  readonly wastedBytes: number;
  readonly reusableBytes: number;
}

/** Which part of a long list to answer. */
export interface ListPage {
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

export const DEFAULT_DUPLICATES_LIMIT = 100;

/** Content held by more than one repo or revision: totals, and a page of contents with their place counts and repos. */
export function findDuplicates(queries: CatalogDuplicatesQueries, tracked: readonly TrackedRepo[], page: ListPage = {}): DuplicatesReport {
  const byId = new Map(tracked.map((repo) => [repo.id, repo]));
  const answer = queries.duplicates(page.limit ?? DEFAULT_DUPLICATES_LIMIT, page.offset ?? 0);
  return {
    count: answer.count,
    wastedBytes: answer.wastedBytes,
    reusableBytes: answer.reusableBytes,
    contents: answer.rows.map((row) => ({
      sha256: row.lfs_sha256,
      oid: row.oid,
      size: row.size,
      placeCount: row.places,
      repos: row.repos
        .split(',')
        .map((id) => byId.get(Number(id)))
        .filter((repo): repo is TrackedRepo => repo !== undefined),
      onDisk: { hub: row.hub === 1, cache: row.cache === 1 },
      copiesOnDisk: row.copies,
      wastedBytes: row.wasted,
      reusableBytes: row.reusable,
    })),
  };
}

/** The files holding a content (its hash, lowercase hex): one per repo, commit and path, by repo and path, paged. */
export function duplicatePlaces(queries: CatalogDuplicatesQueries, hash: string, page: ListPage = {}): CatalogFile[] {
  return queries.placesOf(hash, page.limit ?? DEFAULT_DUPLICATES_LIMIT, page.offset ?? 0).map(catalogFile);
}
