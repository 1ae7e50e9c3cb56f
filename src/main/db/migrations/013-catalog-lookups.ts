export const sql = `
-- Files by extension (the text after the last '.' of the name, ASCII-lowercased as LIKE compares;
-- '' for a name ending in '.', NULL without a '.'), then by name: find --ext, and find --file with
-- a literal name, an extension or a name prefix, seek here instead of scanning every entry. child
-- is in it so that lookups read the index alone. Queries repeat the expression exactly
-- (catalog-queries.ts EXTENSION_OF) for the planner to use it.
CREATE INDEX catalog_entries_by_ext_name ON catalog_entries (
  (CASE WHEN instr(name, '.') > 0 THEN lower(replace(name, rtrim(name, replace(name, '.', '')), '')) END), name, child
) WHERE child IS NULL;

-- The subfolders of a folder, read alone: walks down the stored trees (duplicates, stats) visit
-- folders without reading their files.
CREATE INDEX catalog_entries_subfolders ON catalog_entries (folder, child) WHERE child IS NOT NULL;

-- Contents (LFS sha256, else git oid) that more than one file entry has held: the candidates of
-- duplicates (grouping every entry by oid takes a quarter of a second per million). Kept up to date
-- lazily: each time duplicates are asked, the entries of folders stored since the last time
-- (id > checked_folder) are checked against the hash indexes. A folder stored with an id already
-- passed (ids are reused after a sweep) moves the mark back. A key whose twin was swept stays; it
-- is only a candidate.
CREATE TABLE catalog_shared_contents (
  key TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
CREATE TABLE catalog_shared_scan (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  checked_folder INTEGER NOT NULL
) STRICT;
INSERT INTO catalog_shared_scan (id, checked_folder) VALUES (1, 0);
CREATE TRIGGER catalog_folders_reused_id AFTER INSERT ON catalog_folders
  WHEN NEW.id <= (SELECT checked_folder FROM catalog_shared_scan WHERE id = 1)
BEGIN
  UPDATE catalog_shared_scan SET checked_folder = NEW.id - 1 WHERE id = 1;
END;
`;
