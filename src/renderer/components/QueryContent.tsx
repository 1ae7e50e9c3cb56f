import type { ReactNode } from 'react';
import type { QueryView } from '../queries/use-query.js';
import { ErrorPanel } from './ErrorPanel.js';
import { Loading } from './Loading.js';

export interface QueryContentProps<T> {
  readonly query: QueryView<T>;
  /** "the library", "the files": used in the loading and error texts. */
  readonly what: string;
  readonly children: (data: T) => ReactNode;
}

/** Loading, error (with retry) and content states of one query; the last data stays while refetching. */
export function QueryContent<T>({ query, what, children }: QueryContentProps<T>): ReactNode {
  if (query.data !== undefined) {
    return (
      <>
        {query.error && <ErrorPanel title={`Could not refresh ${what}`} message={query.error.message} onRetry={query.refetch} />}
        {children(query.data)}
      </>
    );
  }
  if (query.error) return <ErrorPanel title={`Could not load ${what}`} message={query.error.message} onRetry={query.refetch} />;
  return <Loading label={`Loading ${what}…`} />;
}
