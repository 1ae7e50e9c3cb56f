import { HEX_OF, hexHash, OID_MATCHES, STORED_FORM } from './catalog-hash-sql.js';
import { CLIMB, WHERE_FILE, type CatalogFileRow } from './catalog-queries.js';
import { createCatalogCatchUp } from './catalog-shared-contents.js';
import type { Db } from './open-database.js';

/** A content held by more than one current revision, summed in SQL (no path is built). */
export interface CatalogDuplicateRow {
  /** The LFS sha256, else the git oid, as lowercase hex. */
  key: string;
  oid: string;
  lfs_sha256: string | null;
  size: number;
  /** Files holding it: one per revision row and path. */
  places: number;
  /** Tracked repos holding it (one catalog_repos id per hub, type and repo), comma-separated. */
  repos: string;
  /** Copies on this disk: one per HF cache repo holding it, one for the local hub's store. */
  copies: number;
  hub: number;
  cache: number;
  wasted: number;
  reusable: number;
}

/** The totals of all duplicated contents, and one page of them. */
export interface CatalogDuplicatesPage {
  readonly count: number;
  readonly wastedBytes: number;
  readonly reusableBytes: number;
  readonly rows: readonly CatalogDuplicateRow[];
}

// Each folder of the current structures with the revisions reaching it and how many times (a
// folder at two paths counts twice); each current revision with the ids of its commit and repo
// (the first row of each: two tracked revisions of a repo can be at one commit).
const REACH = `WITH RECURSIVE
  occurrences(revision_row, folder) AS (
    SELECT DISTINCT revision_row, root_folder FROM catalog_current
    UNION ALL
    SELECT o.revision_row, e.child FROM occurrences o JOIN catalog_entries e ON e.folder = o.folder AND e.child IS NOT NULL
  ),
  reach(folder, revision_row, n) AS MATERIALIZED (SELECT folder, revision_row, count(*) FROM occurrences GROUP BY folder, revision_row),
  reached_twice(folder) AS (SELECT folder FROM reach GROUP BY folder HAVING count(*) > 1),
  revisions(revision_row, source, commit_key, repo_key) AS MATERIALIZED (
    SELECT revision_row, source,
      min(revision_row) OVER (PARTITION BY source, endpoint, type, repo_id, commit_id),
      min(repo_row) OVER (PARTITION BY endpoint, type, repo_id)
    FROM (SELECT DISTINCT revision_row, repo_row, source, endpoint, type, repo_id, commit_id FROM catalog_current)
  )`;

// The hub's store is asked only when it holds anything (a catalog without a local hub's content
// skips three seeks per content).
// Per content: its places and, without DISTINCT aggregates (an ephemeral table per content, half
// the time), its revisions, commits and repos by source as row counts and their least and greatest
// ids; with one or two rows of a source the distinct count follows from those.
const SUMMED = `sum(h.n * r.n) AS places, count(*) AS rows, min(v.commit_key) AS min_commit, max(v.commit_key) AS max_commit,
  count(CASE WHEN v.source = 'remote' THEN 1 END) AS remote_rows, min(CASE WHEN v.source = 'remote' THEN v.repo_key END) AS min_remote, max(CASE WHEN v.source = 'remote' THEN v.repo_key END) AS max_remote,
  count(CASE WHEN v.source = 'cache' THEN 1 END) AS cache_rows, min(CASE WHEN v.source = 'cache' THEN v.repo_key END) AS min_cache, max(CASE WHEN v.source = 'cache' THEN v.repo_key END) AS max_cache,
  max(v.source = 'hub') AS hub_place`;

/** SQL: an aggregate over the revisions holding the content s.key, reached through the hash indexes. */
const OVER_HOLDERS = (aggregate: string, where = '1'): string => `(
  SELECT ${aggregate} FROM (
    SELECT folder FROM catalog_entries WHERE lfs_sha256 = s.key
    UNION ALL
    SELECT folder FROM catalog_entries WHERE child IS NULL AND ${OID_MATCHES('oid', 's.key')} AND lfs_sha256 IS NULL
  ) e CROSS JOIN reach r ON r.folder = e.folder CROSS JOIN revisions v ON v.revision_row = r.revision_row
  WHERE ${where})`;

/** SQL: an aggregate over the revisions holding the content s.key, read from its shared entries (clustered by key: no seek per entry). */
const OVER_SHARED_ENTRIES = (aggregate: string, where: string): string => `(
  SELECT ${aggregate} FROM catalog_shared_entries e CROSS JOIN reach r ON r.folder = e.folder CROSS JOIN revisions v ON v.revision_row = r.revision_row
  WHERE e.key = s.key AND ${where})`;

/** SQL: how many distinct repos of a source hold the content s.key. */
const REPOS_OF = (source: string): string => `CASE WHEN s.${source}_rows = 0 THEN 0 WHEN s.min_${source} = s.max_${source} THEN 1 WHEN s.${source}_rows = 2 THEN 2
  ELSE coalesce(nullif(${OVER_SHARED_ENTRIES('count(DISTINCT v.repo_key)', `v.source = '${source}'`)}, 0), ${OVER_HOLDERS('count(DISTINCT v.repo_key)', `v.source = '${source}'`)}) END`;

/**
 * Contents held at more than one place of the current structures. The contents that more than one
 * file entry holds are kept in catalog_shared_contents (migration 13), which each refresh brings up to
 * date as it stores (anything stored otherwise is caught up here first); a content held by one entry
 * counts when its folder is reached more than once. Places are counted per folder, never climbed,
 * except for one content on demand.
 */
export function createCatalogDuplicatesQueries(db: Db) {
  const page = db.prepare<[{ limit: number; offset: number }], Omit<CatalogDuplicateRow, 'key' | 'oid' | 'lfs_sha256'> & { total: number; key: Buffer | string }>(
    `${REACH},
       summed AS (
         SELECT h.key, max(h.size) AS size, ${SUMMED}
         FROM catalog_shared_entries h CROSS JOIN reach r ON r.folder = h.folder CROSS JOIN revisions v ON v.revision_row = r.revision_row
         GROUP BY h.key
         UNION ALL
         -- A content one entry holds, in a folder more than one revision reaches.
         SELECT coalesce(h.lfs_sha256, h.oid), h.size, ${SUMMED}
         FROM reached_twice t JOIN (SELECT folder, oid, lfs_sha256, size, 1 AS n FROM catalog_entries WHERE child IS NULL) h ON h.folder = t.folder
           CROSS JOIN reach r ON r.folder = h.folder CROSS JOIN revisions v ON v.revision_row = r.revision_row
         WHERE NOT EXISTS (SELECT 1 FROM catalog_shared_contents k WHERE k.key = coalesce(h.lfs_sha256, h.oid))
         GROUP BY h.folder, coalesce(h.lfs_sha256, h.oid)
       ),
       -- The hex spelling of each key computed once (the store's tables name contents in hex).
       held_by_commits AS MATERIALIZED (SELECT *, ${HEX_OF('key')} AS hex_key FROM summed WHERE min_commit < max_commit),
       on_disk AS MATERIALIZED (
         SELECT key, size, places, ${REPOS_OF('remote')} AS remote_repos, ${REPOS_OF('cache')} AS cache_repos, hub_place OR ((SELECT EXISTS (SELECT 1 FROM git_blobs)) AND (
             EXISTS (SELECT 1 FROM git_blobs b WHERE b.sha256 = hex_key)
             OR (EXISTS (SELECT 1 FROM git_blobs b WHERE b.lfs_oid = hex_key) AND NOT EXISTS (SELECT 1 FROM lfs_pruned p WHERE p.sha256 = hex_key))
             OR EXISTS (SELECT 1 FROM git_blobs b WHERE b.oid = hex_key AND (b.lfs_oid IS NULL OR NOT EXISTS (SELECT 1 FROM lfs_pruned p WHERE p.sha256 = b.lfs_oid)))
           )) AS hub
         FROM held_by_commits s
       ),
       contents AS MATERIALIZED (
         SELECT key, size, places, cache_repos + hub AS copies, hub, cache_repos > 0 AS cache,
           size * max(0, cache_repos + hub - 1) AS wasted,
           size * max(0, remote_repos - (CASE WHEN cache_repos + hub > 0 THEN 0 ELSE 1 END)) AS reusable
         FROM on_disk
       )
     SELECT * FROM (
       SELECT 0 AS total, key, size, places, ${OVER_HOLDERS('group_concat(DISTINCT v.repo_key)')} AS repos, copies, hub, cache, wasted, reusable
       FROM (SELECT * FROM contents ORDER BY wasted DESC, reusable DESC, size DESC, key LIMIT @limit OFFSET @offset) s
     )
     UNION ALL
     SELECT 1, NULL, NULL, count(*), NULL, NULL, NULL, NULL, coalesce(sum(wasted), 0), coalesce(sum(reusable), 0) FROM contents`,
  );
  // The LFS pointer's oid of a content named by its sha256.
  const pointerOid = db.prepare<[Buffer | string], { oid: string }>(
    `SELECT ${HEX_OF('oid')} AS oid FROM catalog_entries WHERE lfs_sha256 = ? LIMIT 1`,
  );
  const placesOf = db.prepare<[{ hash: string; limit: number; offset: number }], CatalogFileRow>(
    `WITH RECURSIVE start AS (
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE lfs_sha256 = ${STORED_FORM('@hash')}
       UNION ALL
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE child IS NULL AND ${OID_MATCHES('oid', STORED_FORM('@hash'))} AND lfs_sha256 IS NULL
     ), ${CLIMB},
     files AS (${WHERE_FILE})
     SELECT * FROM files WHERE revision = (SELECT min(f.ref) FROM catalog_current f WHERE f.repo_row = files.repo_row AND f.commit_id = files.commit_id)
     ORDER BY repo_id, type, source, endpoint, revision, path LIMIT @limit OFFSET @offset`,
  );
  const catchUp = createCatalogCatchUp(db);

  return {
    /** The totals over every content held by more than one current revision, and one page of them: largest waste first, then largest saving, then largest content. */
    duplicates(limit: number, offset: number): CatalogDuplicatesPage {
      catchUp();
      const rows = page.all({ limit, offset });
      const totals = rows.pop() as { places: number; wasted: number; reusable: number };
      return {
        count: totals.places,
        wastedBytes: totals.wasted,
        reusableBytes: totals.reusable,
        rows: rows.map(({ total: _, key, ...row }) => {
          const hex = hexHash(key);
          const pointer = pointerOid.get(key)?.oid;
          return { ...row, key: hex, oid: pointer ?? hex, lfs_sha256: pointer === undefined ? null : hex };
        }),
      };
    },
    /** The files holding a content (its key: LFS sha256, else git oid, lowercase hex), one per revision and path (at its first ref), ordered, paged. */
    placesOf: (hash: string, limit: number, offset: number): CatalogFileRow[] => placesOf.all({ hash, limit, offset }),
  };
}

export type CatalogDuplicatesQueries = ReturnType<typeof createCatalogDuplicatesQueries>;
