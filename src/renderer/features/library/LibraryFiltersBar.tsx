import type { ReactNode } from 'react';
import { REPO_TYPES, type RepoType } from '../../../shared/repo-id.js';
import type { RepoSource } from '../../../shared/app-api.js';
import { useAppStore } from '../../store/store-context.js';
import { SIZE_BUCKETS, type SizeBucket } from './library-rows.js';

const TYPE_LABELS: Readonly<Record<RepoType, string>> = { model: 'Models', dataset: 'Datasets', space: 'Spaces' };

function isSizeBucket(value: string): value is SizeBucket {
  return Object.hasOwn(SIZE_BUCKETS, value);
}

export function LibraryFiltersBar(): ReactNode {
  const filters = useAppStore((state) => state.libraryFilters);
  const setFilters = useAppStore((state) => state.setLibraryFilters);

  return (
    <div className="filters" role="search" aria-label="Filter the library">
      <div className="field grow">
        <label htmlFor="library-search">Search</label>
        <input
          id="library-search"
          type="search"
          placeholder="Repo name"
          value={filters.search}
          onChange={(event) => setFilters({ search: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="library-type">Type</label>
        <select
          id="library-type"
          value={filters.type}
          onChange={(event) => {
            const value = event.target.value;
            setFilters({ type: value === 'all' ? 'all' : (REPO_TYPES.find((type) => type === value) ?? 'all') });
          }}
        >
          <option value="all">All types</option>
          {REPO_TYPES.map((type) => (
            <option key={type} value={type}>
              {TYPE_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="library-source">Source</label>
        <select
          id="library-source"
          value={filters.source}
          onChange={(event) => {
            const value = event.target.value;
            const source: RepoSource | 'all' = value === 'hub' || value === 'cache' ? value : 'all';
            setFilters({ source });
          }}
        >
          <option value="all">Hub and cache</option>
          <option value="hub">This hub</option>
          <option value="cache">HF cache</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="library-size">Size</label>
        <select
          id="library-size"
          value={filters.size}
          onChange={(event) => setFilters({ size: isSizeBucket(event.target.value) ? event.target.value : 'any' })}
        >
          {Object.entries(SIZE_BUCKETS).map(([key, bucket]) => (
            <option key={key} value={key}>
              {bucket.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
