import type Database from 'better-sqlite3';
import type { Db } from './open-database.js';
import type { RepoRow } from './repos-table.js';

export const REPO_SORT_KEYS = ['lastModified', 'createdAt', 'downloads', 'likes', 'id'] as const;
export type RepoSortKey = (typeof REPO_SORT_KEYS)[number];

export interface RepoSearchParams {
  readonly type: string;
  /** Namespaces whose private repos the caller may see. */
  readonly readableNamespaces: readonly string[];
  readonly author?: string;
  /** Case-insensitive substring of "namespace/name". */
  readonly search?: string;
  readonly sort: RepoSortKey;
  readonly descending: boolean;
  /** Keyset cursor: the sort key and id of the last row of the previous page. */
  readonly after?: { readonly key: number | string; readonly id: number };
  readonly limit: number;
}

export interface RepoSearchRow extends RepoRow {
  downloads: number;
  sort_key: number | string;
}

const SORT_EXPRESSIONS: Record<RepoSortKey, string> = {
  lastModified: 'r.updated_at',
  createdAt: 'r.created_at',
  downloads: 'coalesce(d.downloads, 0)',
  likes: '(SELECT count(*) FROM repo_likes l WHERE l.repo_id = r.id)',
  id: "lower(r.namespace || '/' || r.name)",
};

/** Read-only queries over repos for listings, name checks and namespace usage. */
export function createRepoSearchQueries(db: Db) {
  const statements = new Map<string, Database.Statement<[Record<string, unknown>], RepoSearchRow>>();

  function searchStatement(sort: RepoSortKey, descending: boolean, keyset: boolean) {
    const cacheKey = `${sort}:${descending}:${keyset}`;
    let statement = statements.get(cacheKey);
    if (!statement) {
      const key = SORT_EXPRESSIONS[sort];
      const direction = descending ? 'DESC' : 'ASC';
      statement = db.prepare<Record<string, unknown>, RepoSearchRow>(
        `SELECT r.*, coalesce(d.downloads, 0) AS downloads, ${key} AS sort_key
           FROM repos r LEFT JOIN repo_downloads d ON d.repo_id = r.id
          WHERE r.type = @type
            AND (r.private = 0 OR lower(r.namespace) IN (SELECT lower(value) FROM json_each(@readable)))
            AND (@author IS NULL OR r.namespace = @author COLLATE NOCASE)
            AND (@pattern IS NULL OR lower(r.namespace || '/' || r.name) LIKE @pattern ESCAPE '\\')
            ${keyset ? `AND (${key}, r.id) ${descending ? '<' : '>'} (@afterKey, @afterId)` : ''}
          ORDER BY sort_key ${direction}, r.id ${direction}
          LIMIT @limit`,
      );
      statements.set(cacheKey, statement);
    }
    return statement;
  }

  const inNamespace = db.prepare<[string], RepoRow>('SELECT * FROM repos WHERE namespace = ? COLLATE NOCASE ORDER BY id');

  return {
    search(params: RepoSearchParams): RepoSearchRow[] {
      return searchStatement(params.sort, params.descending, params.after !== undefined).all({
        type: params.type,
        readable: JSON.stringify(params.readableNamespaces),
        author: params.author ?? null,
        pattern: params.search === undefined ? null : `%${escapeLike(params.search.toLowerCase())}%`,
        afterKey: params.after?.key ?? null,
        afterId: params.after?.id ?? null,
        limit: params.limit,
      });
    },
    /** Every repo of a namespace, of all types. */
    inNamespace: (namespace: string): RepoRow[] => inNamespace.all(namespace),
  };
}

export type RepoSearchQueries = ReturnType<typeof createRepoSearchQueries>;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
