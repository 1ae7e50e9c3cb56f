import { HEX_OF, OID_MATCHES } from './catalog-hash-sql.js';
import type { CatalogSource } from './catalog-repos-table.js';
import { createCatalogCatchUp } from './catalog-shared-contents.js';
import type { Db } from './open-database.js';

/** A file of a tracked repo's current structure, with where it is. */
export interface CatalogFileRow {
  repo_row: number;
  source: CatalogSource;
  endpoint: string;
  type: string;
  repo_id: string;
  /** The ref the file is current at. */
  revision: string;
  commit_id: string;
  path: string;
  size: number;
  oid: string;
  lfs_sha256: string | null;
  lfs_size: number | null;
}

/** A file entry of a stored folder, by its key. */
export interface CatalogEntryName {
  folder: number;
  name: string;
}

/** The extension of a name given as a SQL expression, exactly as the index of migration 13 computes it. */
export const EXTENSION_OF = (name: string): string =>
  `(CASE WHEN instr(${name}, '.') > 0 THEN lower(replace(${name}, rtrim(${name}, replace(${name}, '.', '')), '')) END)`;

/** Joins the climbed paths (CTE `up`) to the current structures whose roots they reached. */
export const WHERE_FILE = `SELECT c.repo_row, c.source, c.endpoint, c.type, c.repo_id, c.ref AS revision, c.commit_id,
    up.path, up.size, ${HEX_OF('up.oid')} AS oid, ${HEX_OF('up.lfs_sha256')} AS lfs_sha256, up.lfs_size
  FROM up
  JOIN catalog_current c ON c.root_folder = up.folder
  ORDER BY c.repo_id, c.type, c.source, c.endpoint, c.ref, up.path`;

/** Climbs from the file entries of CTE `start` to the roots holding them, building each path on the way. */
export const CLIMB = `up(folder, path, size, oid, lfs_sha256, lfs_size) AS (
    SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM start
    UNION ALL
    SELECT e.folder, e.name || '/' || up.path, up.size, up.oid, up.lfs_sha256, up.lfs_size
    FROM up JOIN catalog_entries e ON e.child = up.folder
  )`;

/** Read-only questions over the current structures of all tracked repos (their last good refresh). */
export function createCatalogQueries(db: Db) {
  const byHash = db.prepare<[{ hash: string }], CatalogFileRow>(
    `WITH RECURSIVE start AS (
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE child IS NULL AND ${OID_MATCHES('oid', 'unhex(@hash)')}
       UNION
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE lfs_sha256 = unhex(@hash)
     ), ${CLIMB} ${WHERE_FILE}`,
  );
  const byName = db.prepare<[{ like: string }], CatalogFileRow>(
    `WITH RECURSIVE start AS (
       SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries WHERE child IS NULL AND name LIKE @like ESCAPE '\\'
     ), ${CLIMB} ${WHERE_FILE}`,
  );
  const allFiles = db.prepare<[], CatalogFileRow>(
    `WITH RECURSIVE down(revision, folder, prefix) AS (
       SELECT DISTINCT c.revision_row, c.root_folder, '' FROM catalog_current c
       UNION ALL
       SELECT down.revision, e.child, down.prefix || e.name || '/' FROM down JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NOT NULL
     )
     SELECT c.repo_row, c.source, c.endpoint, c.type, c.repo_id, c.ref AS revision, c.commit_id,
       down.prefix || e.name AS path, e.size, ${HEX_OF('e.oid')} AS oid, ${HEX_OF('e.lfs_sha256')} AS lfs_sha256, e.lfs_size
     FROM down
     JOIN catalog_entries e ON e.folder = down.folder AND e.child IS NULL
     JOIN catalog_current c ON c.revision_row = down.revision
     ORDER BY c.repo_id, c.type, c.source, c.endpoint, c.ref, path`,
  );

  const climbFrom = (start: string): string => `WITH RECURSIVE start AS (${start}), ${CLIMB} ${WHERE_FILE}`;
  // These read the extension index (migration 13) to reach the few entries that can match.
  const byExtension = db.prepare<[{ ext: string; like: string }], CatalogFileRow>(
    climbFrom(`SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries
      WHERE child IS NULL AND ${EXTENSION_OF('name')} = lower(@ext) AND name LIKE @like ESCAPE '\\'`),
  );
  const byExactName = db.prepare<[{ name: string }], CatalogFileRow>(
    climbFrom(`SELECT folder, name, size, oid, lfs_sha256, lfs_size FROM catalog_entries
      WHERE child IS NULL AND ${EXTENSION_OF('name')} IS ${EXTENSION_OF('@name')} AND name = @name`),
  );
  const byEntries = db.prepare<[{ entries: string }], CatalogFileRow>(
    climbFrom(`SELECT e.folder, e.name, e.size, e.oid, e.lfs_sha256, e.lfs_size FROM json_each(@entries) j
      JOIN catalog_entries e ON e.folder = j.value ->> 0 AND e.name = j.value ->> 1 AND e.child IS NULL`),
  );
  // Every name in [prefix, prefix || x'FF') starts with prefix: no UTF-8 text holds the byte FF.
  const startingWith = (name: string): string => `${name} >= @prefix AND ${name} < CAST(@prefix || X'FF' AS TEXT)`;
  const namesWithExtension = db.prepare<[{ ext: string; prefix: string }], CatalogEntryName>(
    `SELECT folder, name FROM catalog_entries WHERE child IS NULL AND ${EXTENSION_OF('name')} = lower(@ext) AND ${startingWith('name')}`,
  );
  // A skip scan: one seek per distinct extension (a few hundred at most in practice), then the range of names in each.
  const namesStartingWith = db.prepare<[{ prefix: string }], CatalogEntryName>(
    `WITH RECURSIVE exts(ext) AS (
       SELECT (SELECT ${EXTENSION_OF('name')} FROM catalog_entries WHERE child IS NULL AND ${EXTENSION_OF('name')} >= '' ORDER BY 1 LIMIT 1)
       UNION ALL
       SELECT (SELECT ${EXTENSION_OF('name')} FROM catalog_entries WHERE child IS NULL AND ${EXTENSION_OF('name')} > exts.ext ORDER BY 1 LIMIT 1)
       FROM exts WHERE exts.ext IS NOT NULL
     )
     SELECT folder, name FROM catalog_entries WHERE child IS NULL AND ${EXTENSION_OF('name')} IS NULL AND ${startingWith('name')}
     UNION ALL
     SELECT e.folder, e.name FROM exts CROSS JOIN catalog_entries e
       ON e.child IS NULL AND ${EXTENSION_OF('e.name')} = exts.ext AND ${startingWith('e.name')}`,
  );
  // The names holding every trigram of the text (migration 17), checked with LIKE, then their entries through the name index.
  const namesWithTrigrams = db.prepare<[{ match: string; like: string }], CatalogEntryName>(
    `SELECT e.folder, e.name FROM catalog_names n
       JOIN catalog_entries e ON e.child IS NULL AND ${EXTENSION_OF('e.name')} IS ${EXTENSION_OF('n.name')} AND e.name = n.name
     WHERE n.id IN (SELECT rowid FROM catalog_name_trigrams WHERE catalog_name_trigrams MATCH @match) AND n.name LIKE @like ESCAPE '\\'`,
  );
  const catchUp = createCatalogCatchUp(db);
  const namesLike = db.prepare<[{ like: string }], CatalogEntryName>(
    "SELECT folder, name FROM catalog_entries INDEXED BY catalog_entries_by_ext_name WHERE child IS NULL AND name LIKE @like ESCAPE '\\'",
  );

  return {
    /** Files whose name ends in `.ext` (LIKE, so ASCII case-insensitive); `last` is the part of ext after its last '.'. */
    filesWithExtension: (last: string, like: string): CatalogFileRow[] => byExtension.all({ ext: last, like }),
    /** Files named exactly this (case-sensitive). */
    filesNamed: (name: string): CatalogFileRow[] => byExactName.all({ name }),
    /** The files of these entries (folder id, name), at every path of every current structure holding them. */
    filesOfEntries: (entries: readonly CatalogEntryName[]): CatalogFileRow[] =>
      entries.length === 0 ? [] : byEntries.all({ entries: JSON.stringify(entries.map((entry) => [entry.folder, entry.name])) }),
    /** File entries (stored once per folder) with this extension (ASCII case-insensitive) whose name starts with `prefix`, streamed. */
    entriesWithExtension: (ext: string, prefix = ''): IterableIterator<CatalogEntryName> => namesWithExtension.iterate({ ext, prefix }),
    /** File entries whose name starts with `prefix` (case-sensitive), streamed. */
    entriesStartingWith: (prefix: string): IterableIterator<CatalogEntryName> => namesStartingWith.iterate({ prefix }),
    /**
     * File entries whose name holds `text` (as LIKE `like` compares: ASCII case-insensitive), through
     * the trigram index; undefined when the text is shorter than a trigram (3 characters).
     */
    entriesContaining(text: string, like: string): CatalogEntryName[] | undefined {
      const characters = [...text];
      if (characters.length < 3) return undefined;
      const trigrams = new Set(characters.slice(2).map((_, at) => characters.slice(at, at + 3).join('')));
      const match = [...trigrams].map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(' AND ');
      catchUp();
      return namesWithTrigrams.all({ match, like });
    },
    /** File entries whose name matches a LIKE pattern (escape with backslash), streamed. */
    entriesNamedLike: (like: string): IterableIterator<CatalogEntryName> => namesLike.iterate({ like }),
    /** Files whose git oid or LFS sha256 is this (lowercase hex: parseHash's). */
    filesWithHash: (hash: string): CatalogFileRow[] => byHash.all({ hash }),
    /** Files whose name (last path segment) matches a LIKE pattern (escape with backslash). */
    filesNamedLike: (like: string): CatalogFileRow[] => byName.all({ like }),
    /** Every file of every current structure, streamed (for matches SQL cannot express, such as globs). */
    allFiles: (): IterableIterator<CatalogFileRow> => allFiles.iterate(),
  };
}

export type CatalogQueries = ReturnType<typeof createCatalogQueries>;
