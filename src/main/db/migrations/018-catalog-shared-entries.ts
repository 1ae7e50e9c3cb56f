export const sql = `
-- The file entries holding a content that more than one entry holds (catalog_shared_contents),
-- ordered by that content, with how many of them one folder holds and their size: duplicates reads
-- them in one pass grouped by content, instead of a seek into the hash indexes per entry (a third
-- of a second per 100,000 places). Kept up to date with catalog_shared_contents
-- (catalog-shared-contents.ts); the rows of a swept folder go with it (catalog-folders-table.ts).
CREATE TABLE catalog_shared_entries (
  key    ANY NOT NULL,
  folder INTEGER NOT NULL,
  n      INTEGER NOT NULL,
  size   INTEGER NOT NULL,
  PRIMARY KEY (key, folder)
) STRICT, WITHOUT ROWID;
INSERT INTO catalog_shared_entries (key, folder, n, size)
  SELECT key, folder, count(*), max(size) FROM (
    SELECT k.key, e.folder, e.size FROM catalog_shared_contents k CROSS JOIN catalog_entries e ON e.lfs_sha256 = k.key
    UNION ALL
    SELECT k.key, e.folder, e.size FROM catalog_shared_contents k CROSS JOIN catalog_entries e ON e.child IS NULL AND e.oid = k.key AND e.lfs_sha256 IS NULL
  ) GROUP BY key, folder;
`;
