import { useMemo, useState, type ReactNode } from 'react';
import type { FactsFilterQuery, ModelFactsView } from '../../../shared/tracking-api.js';
import { EmptyState } from '../../components/EmptyState.js';
import { FactsFilterForm } from '../../components/FactsFilterForm.js';
import { FormError } from '../../components/FormError.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { libraryFactsQuery, libraryQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useAppStore } from '../../store/store-context.js';
import type { LibraryResponse } from '../../../shared/app-api.js';
import { LibraryFiltersBar } from './LibraryFiltersBar.js';
import { libraryRowKey, selectLibraryRows } from './library-rows.js';
import { LibraryTable } from './LibraryTable.js';

export function LibraryScreen(): ReactNode {
  const query = useQuery(libraryQuery);
  return (
    <section aria-labelledby="library-title">
      <div className="screen-header">
        <h1 id="library-title">Library</h1>
        {query.data && <LibrarySummary library={query.data} />}
      </div>
      <QueryContent query={query} what="the library">
        {(library) => <LibraryBody library={library} />}
      </QueryContent>
    </section>
  );
}

function LibrarySummary({ library }: { readonly library: LibraryResponse }): ReactNode {
  const total = library.repos.reduce((sum, repo) => sum + repo.sizeOnDisk, 0);
  return (
    <p className="screen-summary">
      {library.repos.length} {library.repos.length === 1 ? 'repo' : 'repos'} · {formatBytes(total)} on disk
    </p>
  );
}

function LibraryBody({ library }: { readonly library: LibraryResponse }): ReactNode {
  const filters = useAppStore((state) => state.libraryFilters);
  const sort = useAppStore((state) => state.librarySort);
  const resetFilters = useAppStore((state) => state.resetLibraryFilters);
  const [factsFilter, setFactsFilter] = useState<FactsFilterQuery>({});
  // A new key empties the facts form's fields too.
  const [factsForm, setFactsForm] = useState(0);
  const reset = (): void => {
    resetFilters();
    setFactsFilter({});
    setFactsForm((key) => key + 1);
  };
  const factsFiltered = Object.keys(factsFilter).length > 0;
  const factsQuery = useQuery(libraryFactsQuery(factsFilter));
  const facts = useMemo(
    () => new Map<string, ModelFactsView | null>((factsQuery.data?.repos ?? []).map((repo) => [libraryRowKey(repo), repo.facts])),
    [factsQuery.data],
  );
  const rows = useMemo(() => {
    const selected = selectLibraryRows(library.repos, filters, sort);
    // With filters on model facts, the core answers with the repos that pass them.
    return factsFiltered ? selected.filter((repo) => facts.has(libraryRowKey(repo))) : selected;
  }, [library.repos, filters, sort, factsFiltered, facts]);
  const factsPending = factsFiltered && factsQuery.data === undefined;

  return (
    <>
      {!library.cache.available && library.cache.problem !== null && (
        <p className="hint">Cached repos are not listed: {library.cache.problem}</p>
      )}
      {library.repos.length === 0 ? (
        <EmptyState title="Your library is empty">
          <p>
            Download a model from a <a href="#/remote">remote hub</a>, or push one to this hub with <code>huggingface_hub</code>,{' '}
            <code>@huggingface/hub</code> or <code>git</code>.
          </p>
        </EmptyState>
      ) : (
        <>
          <LibraryFiltersBar />
          <FactsFilterForm key={factsForm} idPrefix="library-facts" onApply={setFactsFilter} />
          <FormError message={factsQuery.error?.message} />
          <p className="visually-hidden" role="status">
            {factsPending ? 'Filtering by model facts…' : `${rows.length} of ${library.repos.length} repos shown`}
          </p>
          {factsPending ? null : rows.length === 0 ? (
            <EmptyState title="No repos match these filters">
              <button type="button" onClick={reset}>
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <LibraryTable rows={rows} facts={facts} />
          )}
        </>
      )}
    </>
  );
}
