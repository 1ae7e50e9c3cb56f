import type { ReactNode } from 'react';
import { REPO_TYPES, type RepoType } from '../../../shared/repo-id.js';
import { SelectField, TextField } from '../../components/FormFields.js';
import { useAppStore } from '../../store/store-context.js';
import { SIZE_BUCKETS, type SizeBucket } from './library-rows.js';

const SOURCES = [
  { value: 'all', label: 'Hub and cache' },
  { value: 'hub', label: 'This hub' },
  { value: 'cache', label: 'HF cache' },
];

const TYPE_LABELS: Readonly<Record<RepoType, string>> = { model: 'Models', dataset: 'Datasets', space: 'Spaces' };

function isSizeBucket(value: string): value is SizeBucket {
  return Object.hasOwn(SIZE_BUCKETS, value);
}

export function LibraryFiltersBar(): ReactNode {
  const filters = useAppStore((state) => state.libraryFilters);
  const setFilters = useAppStore((state) => state.setLibraryFilters);

  return (
    <div className="filters" role="search" aria-label="Filter the library">
      <TextField id="library-search" label="Search" type="search" placeholder="Repo name" grow value={filters.search} onChange={(search) => setFilters({ search })} />
      <SelectField
        id="library-type"
        label="Type"
        value={filters.type}
        options={[{ value: 'all', label: 'All types' }, ...REPO_TYPES.map((type) => ({ value: type, label: TYPE_LABELS[type] }))]}
        onChange={(value) => setFilters({ type: value === 'all' ? 'all' : (REPO_TYPES.find((type) => type === value) ?? 'all') })}
      />
      <SelectField
        id="library-source"
        label="Source"
        value={filters.source}
        options={SOURCES}
        onChange={(value) => setFilters({ source: value === 'hub' || value === 'cache' ? value : 'all' })}
      />
      <SelectField
        id="library-size"
        label="Size"
        value={filters.size}
        options={Object.entries(SIZE_BUCKETS).map(([key, bucket]) => ({ value: key, label: bucket.label }))}
        onChange={(value) => setFilters({ size: isSizeBucket(value) ? value : 'any' })}
      />
    </div>
  );
}
