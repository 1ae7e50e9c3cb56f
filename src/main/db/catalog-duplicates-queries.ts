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
const REVISIONS = `revisions(revision_row, root_folder, source, commit_key, repo_key) AS (
    SELECT revision_row, root_folder, source,
      min(revision_row) OVER (PARTITION BY source, endpoint, type, repo_id, commit_id),
      min(repo_row) OVER (PARTITION BY endpoint, type, repo_id)
    FROM (SELECT DISTINCT revision_row, root_folder, repo_row, source, endpoint, type, repo_id, commit_id FROM catalog_current)
  )`;
const REACH = `WITH RECURSIVE
  occurrences(revision_row, folder) AS (
    SELECT DISTINCT revision_row, root_folder FROM catalog_current
    UNION ALL
    SELECT o.revision_row, e.child FROM occurrences o JOIN catalog_entries e ON e.folder = o.folder AND e.child IS NOT NULL
  ),
  reach(folder, revision_row, n) AS MATERIALIZED (SELECT folder, revision_row, count(*) FROM occurrences GROUP BY folder, revision_row),
  reached_twice(folder) AS (SELECT folder FROM reach GROUP BY folder HAVING count(*) > 1),
  ${REVISIONS.replace(' AS (', ' AS MATERIALIZED (')}`;

// Per content and repo, then per content: its places, least and greatest commit (held by more
// than one when they differ), and its repos by source, without DISTINCT aggregates (an ephemeral
// table per content). A repo row is one catalog_repos id per hub, type and repo.
const PER_REPO = `max(h.size) AS size, sum(h.n * r.n) AS places, min(v.commit_key) AS min_commit, max(v.commit_key) AS max_commit,
  max(v.source = 'remote') AS remote, max(v.source = 'cache') AS cache, max(v.source = 'hub') AS hub`;

/**
 * SQL: the summed rows of the contents held by more than one current commit, into
 * catalog_duplicates with their on-disk columns still to compute. `sharedKeys` limits the contents
 * that more than one entry holds (catalog_shared_contents) to those worth summing again; a content
 * one entry holds, in a folder more than one revision reaches, is always summed.
 */
const SUM_INTO_TABLE = (sharedKeys: string): string => `${REACH},
  per_repo AS (
    SELECT h.key, v.repo_key, ${PER_REPO}
    FROM catalog_shared_entries h CROSS JOIN reach r ON r.folder = h.folder CROSS JOIN revisions v ON v.revision_row = r.revision_row
    WHERE ${sharedKeys}
    GROUP BY h.key, v.repo_key
    UNION ALL
    SELECT coalesce(h.lfs_sha256, h.oid), v.repo_key, ${PER_REPO}
    FROM reached_twice t JOIN (SELECT folder, oid, lfs_sha256, size, 1 AS n FROM catalog_entries WHERE child IS NULL) h ON h.folder = t.folder
      CROSS JOIN reach r ON r.folder = h.folder CROSS JOIN revisions v ON v.revision_row = r.revision_row
    WHERE NOT EXISTS (SELECT 1 FROM catalog_shared_contents k WHERE k.key = coalesce(h.lfs_sha256, h.oid))
    GROUP BY h.folder, coalesce(h.lfs_sha256, h.oid), v.repo_key
  )
  INSERT INTO catalog_duplicates (key, size, places, repos, remote_repos, cache_repos, hub_place, copies, hub, cache, wasted, reusable)
  SELECT key, max(size), sum(places), group_concat(repo_key), sum(remote), sum(cache), max(hub), 0, 0, 0, 0, 0
  FROM per_repo GROUP BY key HAVING min(min_commit) < max(max_commit)`;

// A content's bytes are in the hub's store when a current hub revision holds it or the store has
// the blob (an LFS object unless pruned); the store is asked only when it holds anything.
const IN_STORE = (hex: string): string => `(SELECT EXISTS (SELECT 1 FROM git_blobs)) AND (
    EXISTS (SELECT 1 FROM git_blobs b WHERE b.sha256 = ${hex})
    OR (EXISTS (SELECT 1 FROM git_blobs b WHERE b.lfs_oid = ${hex}) AND NOT EXISTS (SELECT 1 FROM lfs_pruned p WHERE p.sha256 = ${hex}))
    OR EXISTS (SELECT 1 FROM git_blobs b WHERE b.oid = ${hex} AND (b.lfs_oid IS NULL OR NOT EXISTS (SELECT 1 FROM lfs_pruned p WHERE p.sha256 = b.lfs_oid))))`;

/**
 * A current revision as the kept answer counted it: [row, root folder, source, commit key, repo
 * key, the root's content digest] (ids are reused after a sweep; the digest tells the trees apart).
 */
type CountedRevision = [number, number, string, number, number, string];

/** Above this share of the current files in revisions new to the kept answer, it is summed again whole rather than in part. */
const REBUILD_SHARE = 0.5;

/**
 * Contents held at more than one place of the current structures, kept in catalog_duplicates
 * (migration 21) and brought up to date when asked: the revisions it counted are kept beside it,
 * so after a refresh only the contents of the revisions that came (those catalog_shared_contents
 * lists, and those of folders reached twice) are summed again, and all of the kept ones when a
 * revision went. Contents more than one file entry holds are kept in catalog_shared_contents
 * (migration 13) and their entries per folder in catalog_shared_entries (migration 18). Places are
 * counted per folder, never climbed, except for one content on demand.
 */
export function createCatalogDuplicatesQueries(db: Db) {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS catalog_duplicates_dirty (key ANY PRIMARY KEY) WITHOUT ROWID');
  const sumAll = db.prepare(SUM_INTO_TABLE('1'));
  const sumDirty = db.prepare(SUM_INTO_TABLE('h.key IN (SELECT key FROM temp.catalog_duplicates_dirty)'));
  const clearAll = db.prepare('DELETE FROM catalog_duplicates');
  const markKeptDirty = db.prepare('INSERT OR IGNORE INTO temp.catalog_duplicates_dirty (key) SELECT key FROM catalog_duplicates');
  // The shared contents of the files under a root (a revision new to the kept answer).
  const markTreeDirty = db.prepare<[number]>(
    `WITH RECURSIVE down(folder) AS (
       SELECT ?
       UNION
       SELECT e.child FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NOT NULL
     )
     INSERT OR IGNORE INTO temp.catalog_duplicates_dirty (key)
     SELECT coalesce(e.lfs_sha256, e.oid) FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NULL
     WHERE coalesce(e.lfs_sha256, e.oid) IN (SELECT key FROM catalog_shared_contents)`,
  );
  const clearDirtyRows = db.prepare(
    `DELETE FROM catalog_duplicates WHERE key IN (SELECT key FROM temp.catalog_duplicates_dirty)
       OR key NOT IN (SELECT key FROM catalog_shared_contents)`,
  );
  const clearDirty = db.prepare('DELETE FROM temp.catalog_duplicates_dirty');
  const onDisk = db.prepare(
    `UPDATE catalog_duplicates SET hub = h, copies = cache_repos + h, cache = cache_repos > 0,
       wasted = size * max(0, cache_repos + h - 1),
       reusable = size * max(0, remote_repos - (CASE WHEN cache_repos + h > 0 THEN 0 ELSE 1 END))
     FROM (SELECT key AS k, hub_place OR (${IN_STORE(HEX_OF('key'))}) AS h FROM catalog_duplicates) WHERE key = k`,
  );
  const state = db.prepare<[], { revisions: string | null; store_changed: number; count: number; wasted: number; reusable: number }>(
    'SELECT revisions, store_changed, count, wasted, reusable FROM catalog_duplicates_state WHERE id = 1',
  );
  const built = db.prepare<[string]>(
    `UPDATE catalog_duplicates_state SET revisions = ?, store_changed = 0,
       (count, wasted, reusable) = (SELECT count(*), coalesce(sum(wasted), 0), coalesce(sum(reusable), 0) FROM catalog_duplicates)
     WHERE id = 1`,
  );
  const currentRevisions = db.prepare<[], CountedRevision>(
    `WITH ${REVISIONS} SELECT v.revision_row, v.root_folder, v.source, v.commit_key, v.repo_key, f.digest
     FROM revisions v JOIN catalog_folders f ON f.id = v.root_folder ORDER BY v.revision_row`,
  ).raw();
  const filesOf = db.prepare<[string], number>(
    'SELECT coalesce(sum(files), 0) FROM catalog_revisions WHERE id IN (SELECT value FROM json_each(?))',
  ).pluck();
  const currentFiles = db.prepare<[], number>('SELECT coalesce(sum(files), 0) FROM catalog_revisions WHERE id IN (SELECT revision_row FROM catalog_current)').pluck();
  const page = db.prepare<[{ limit: number; offset: number }], Omit<CatalogDuplicateRow, 'key' | 'oid' | 'lfs_sha256'> & { key: Buffer | string }>(
    `SELECT key, size, places, repos, copies, hub, cache, wasted, reusable FROM catalog_duplicates
     ORDER BY wasted DESC, reusable DESC, size DESC, key LIMIT @limit OFFSET @offset`,
  );
  const catchUp = createCatalogCatchUp(db);
  const bringUpToDate = db.transaction(() => {
    catchUp();
    const revisions = currentRevisions.all();
    const fingerprint = JSON.stringify(revisions);
    const kept = state.get();
    if (kept === undefined || (kept.revisions === fingerprint && kept.store_changed === 0)) return;
    if (kept.revisions !== fingerprint) {
      const counted = new Set((JSON.parse(kept.revisions ?? '[]') as CountedRevision[]).map((revision) => JSON.stringify(revision)));
      const current = new Set(revisions.map((revision) => JSON.stringify(revision)));
      const came = revisions.filter((revision) => !counted.has(JSON.stringify(revision)));
      const went = [...counted].some((revision) => !current.has(revision));
      if (kept.revisions === null || (filesOf.get(JSON.stringify(came.map(([row]) => row))) ?? 0) > REBUILD_SHARE * (currentFiles.get() ?? 0)) {
        clearAll.run();
        sumAll.run();
      } else {
        if (went) markKeptDirty.run();
        for (const [, root] of came) markTreeDirty.run(root);
        clearDirtyRows.run();
        sumDirty.run();
        clearDirty.run();
      }
    }
    onDisk.run();
    built.run(fingerprint);
  });

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

  return {
    /** Brings the kept answer up to date with the current structures and the hub's store (duplicates does it first too); its own immediate transaction. */
    catchUp: (): void => bringUpToDate.immediate(),
    /** The totals over every content held by more than one current revision, and one page of them: largest waste first, then largest saving, then largest content. */
    duplicates(limit: number, offset: number): CatalogDuplicatesPage {
      bringUpToDate.immediate();
      const totals = state.get() ?? { count: 0, wasted: 0, reusable: 0 };
      return {
        count: totals.count,
        wastedBytes: totals.wasted,
        reusableBytes: totals.reusable,
        rows: page.all({ limit, offset }).map(({ key, ...row }) => {
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
