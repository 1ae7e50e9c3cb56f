import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { RepoSearchQueries, RepoSortKey } from '../db/index.js';
import { toRepoRecord, type RepoRecord } from './repo-record.js';

export { REPO_SORT_KEYS, type RepoSortKey } from '../db/index.js';

export interface RepoSearchQuery {
  readonly type: RepoType;
  /** Namespaces whose private repos the caller may see (their own and their orgs'). */
  readonly readableNamespaces: readonly string[];
  readonly author?: string;
  /** Case-insensitive substring of "namespace/name". */
  readonly search?: string;
  readonly sort: RepoSortKey;
  readonly descending: boolean;
  readonly limit: number;
  /** From a previous page's `nextCursor`. */
  readonly cursor?: string;
}

export interface RepoListing extends RepoRecord {
  readonly downloads: number;
}

export interface RepoSearchPage {
  readonly repos: readonly RepoListing[];
  /** Present when more repos follow. */
  readonly nextCursor?: string;
}

/** One page of a repo listing, with an opaque keyset cursor to the next one. */
export function searchRepos(queries: RepoSearchQueries, query: RepoSearchQuery): RepoSearchPage {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) throw new AppError('BadRequest', 'limit must be a positive integer');
  const rows = queries.search({
    type: query.type,
    readableNamespaces: query.readableNamespaces,
    ...(query.author === undefined ? {} : { author: query.author }),
    ...(query.search === undefined ? {} : { search: query.search }),
    sort: query.sort,
    descending: query.descending,
    ...(query.cursor === undefined ? {} : { after: decodeCursor(query.cursor) }),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    repos: page.map((row) => ({ ...toRepoRecord(row), downloads: row.downloads })),
    ...(rows.length > query.limit && last ? { nextCursor: encodeCursor(last.sort_key, last.id) } : {}),
  };
}

function encodeCursor(key: number | string, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(cursor: string): { key: number | string; id: number } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [key, id] = value as unknown[];
      if ((typeof key === 'number' || typeof key === 'string') && typeof id === 'number' && Number.isSafeInteger(id)) {
        return { key, id };
      }
    }
  } catch {
    // reported below
  }
  throw new AppError('BadRequest', 'Invalid cursor');
}
