import type { LibraryRepo, RepoSource } from '../../../shared/app-api.js';
import type { RepoType } from '../../../shared/repo-id.js';

export const SIZE_BUCKETS = {
  any: { label: 'Any size', min: 0, max: Number.POSITIVE_INFINITY },
  small: { label: 'Under 100 MB', min: 0, max: 100e6 },
  medium: { label: '100 MB – 1 GB', min: 100e6, max: 1e9 },
  large: { label: '1 – 10 GB', min: 1e9, max: 10e9 },
  huge: { label: 'Over 10 GB', min: 10e9, max: Number.POSITIVE_INFINITY },
} as const;
export type SizeBucket = keyof typeof SIZE_BUCKETS;

export const SORT_KEYS = { name: 'Name', size: 'Size on disk', lastUsed: 'Last used', revisions: 'Revisions' } as const;
export type SortKey = keyof typeof SORT_KEYS;

export interface LibraryFilters {
  readonly search: string;
  readonly type: RepoType | 'all';
  readonly source: RepoSource | 'all';
  readonly size: SizeBucket;
}

export interface LibrarySort {
  readonly key: SortKey;
  readonly direction: 'asc' | 'desc';
}

export const DEFAULT_FILTERS: LibraryFilters = { search: '', type: 'all', source: 'all', size: 'any' };
export const DEFAULT_SORT: LibrarySort = { key: 'lastUsed', direction: 'desc' };

/** A stable key for a library row (the same id can be a hub repo and a cached one). */
export function libraryRowKey(repo: Pick<LibraryRepo, 'source' | 'type' | 'id'>): string {
  return `${repo.source}:${repo.type}:${repo.id}`;
}

// One collator: localeCompare with options builds a new one per call, which made sorting 1,000 rows slow.
const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compare(a: LibraryRepo, b: LibraryRepo, key: SortKey): number {
  switch (key) {
    case 'name':
      return byName.compare(a.id, b.id);
    case 'size':
      return a.sizeOnDisk - b.sizeOnDisk;
    case 'lastUsed':
      return (a.lastUsed ?? -1) - (b.lastUsed ?? -1);
    case 'revisions':
      return a.revisions - b.revisions;
  }
}

/**
 * The rows the library shows: filtered by a case-insensitive search over ids (every word must
 * match), type, source and size, then sorted (ties by name, so the order is stable).
 */
export function selectLibraryRows(repos: readonly LibraryRepo[], filters: LibraryFilters, sort: LibrarySort): LibraryRepo[] {
  const words = filters.search.toLowerCase().split(/\s+/).filter((word) => word !== '');
  const bucket = SIZE_BUCKETS[filters.size];
  const rows = repos.filter((repo) => {
    if (filters.type !== 'all' && repo.type !== filters.type) return false;
    if (filters.source !== 'all' && repo.source !== filters.source) return false;
    if (repo.sizeOnDisk < bucket.min || repo.sizeOnDisk >= bucket.max) return false;
    if (words.length === 0) return true;
    const id = repo.id.toLowerCase();
    return words.every((word) => id.includes(word));
  });
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows.sort((a, b) => sign * compare(a, b, sort.key) || compare(a, b, 'name'));
}
