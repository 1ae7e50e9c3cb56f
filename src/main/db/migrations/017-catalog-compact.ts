// Lowercase hex of an even length, as git oids and sha256s are: stored as the bytes it spells.
const HEX = (column: string): string => `(${column} <> '' AND length(${column}) % 2 = 0 AND ${column} NOT GLOB '*[^0-9a-f]*')`;
const AS_STORED = (column: string): string => `CASE WHEN ${HEX(column)} THEN unhex(${column}) ELSE ${column} END`;

export const sql = `
-- Hashes as the bytes they spell (20 or 32, not 40 or 64 characters): a quarter less on disk and
-- in every hash index. A hub's oid that is not lowercase hex is kept as the text it gave (ANY),
-- so nothing is lost; catalog-hash-sql.ts spells them back as hex. The rows keep their order.
CREATE TABLE catalog_entries_compact (
  folder     INTEGER NOT NULL REFERENCES catalog_folders (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  child      INTEGER REFERENCES catalog_folders (id),
  size       INTEGER,
  oid        ANY,
  lfs_sha256 ANY,
  lfs_size   INTEGER,
  PRIMARY KEY (folder, name),
  CHECK ((child IS NULL) = (size IS NOT NULL)),
  CHECK (child IS NOT NULL OR oid IS NOT NULL),
  CHECK ((lfs_sha256 IS NULL) = (lfs_size IS NULL))
) STRICT, WITHOUT ROWID;
INSERT INTO catalog_entries_compact (folder, name, child, size, oid, lfs_sha256, lfs_size)
  SELECT folder, name, child, size, ${AS_STORED('oid')}, ${AS_STORED('lfs_sha256')}, lfs_size FROM catalog_entries ORDER BY folder, name;
DROP TABLE catalog_entries;
ALTER TABLE catalog_entries_compact RENAME TO catalog_entries;
CREATE INDEX catalog_entries_by_child ON catalog_entries (child) WHERE child IS NOT NULL;
CREATE INDEX catalog_entries_by_oid ON catalog_entries (oid) WHERE child IS NULL;
CREATE INDEX catalog_entries_by_sha256 ON catalog_entries (lfs_sha256) WHERE lfs_sha256 IS NOT NULL;
CREATE INDEX catalog_entries_by_ext_name ON catalog_entries (
  (CASE WHEN instr(name, '.') > 0 THEN lower(replace(name, rtrim(name, replace(name, '.', '')), '')) END), name, child
) WHERE child IS NULL;
CREATE INDEX catalog_entries_subfolders ON catalog_entries (folder, child) WHERE child IS NOT NULL;

-- Content digests of folders keep their first 128 bits (32 hex digits; structure-tree.ts digestOf):
-- as sure to tell folders apart, half the space. The local hub's (a prefix and a git tree oid) stay.
UPDATE catalog_folders SET digest = substr(digest, 1, 32) WHERE length(digest) = 64 AND ${HEX('digest')};

CREATE TABLE catalog_shared_contents_compact (
  key ANY PRIMARY KEY
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO catalog_shared_contents_compact (key) SELECT ${AS_STORED('key')} FROM catalog_shared_contents;
DROP TABLE catalog_shared_contents;
ALTER TABLE catalog_shared_contents_compact RENAME TO catalog_shared_contents;

-- Every distinct file name, once, and its trigrams (FTS5, contentless, no positions: the smallest
-- form), so that find --name reaches the few names holding a substring instead of reading every
-- entry. Kept up to date as catalog_shared_contents is (the same mark: catalog-shared-contents.ts),
-- one statement per store rather than a trigger per entry. Names stay when their last entry goes (a
-- swept folder): they only make candidates.
CREATE TABLE catalog_names (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;
CREATE VIRTUAL TABLE catalog_name_trigrams USING fts5(name, content='', tokenize='trigram', detail=none, columnsize=0);
CREATE TRIGGER catalog_names_trigrams AFTER INSERT ON catalog_names BEGIN
  INSERT INTO catalog_name_trigrams (rowid, name) VALUES (NEW.id, NEW.name);
END;
INSERT OR IGNORE INTO catalog_names (name) SELECT DISTINCT name FROM catalog_entries WHERE child IS NULL
  AND folder <= (SELECT checked_folder FROM catalog_shared_scan WHERE id = 1);
`;
