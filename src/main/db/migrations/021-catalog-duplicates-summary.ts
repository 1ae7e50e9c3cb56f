export const sql = `
-- The answer of duplicates, kept: one row per content held by more than one current revision
-- (catalog-duplicates-queries.ts builds it), in the order pages are read, so that the totals and a
-- page are a few indexed reads. It is brought up to date when asked, never inside a refresh's
-- transaction: the current revisions it counted are kept beside the totals (the contents of those
-- that came or went are summed again), and the triggers below note that the hub's store gained or
-- lost content (whether each content is on disk is then asked again).
CREATE TABLE catalog_duplicates (
  key      ANY PRIMARY KEY,
  size     INTEGER NOT NULL,
  places   INTEGER NOT NULL,
  repos    TEXT NOT NULL,
  remote_repos INTEGER NOT NULL,
  cache_repos  INTEGER NOT NULL,
  hub_place    INTEGER NOT NULL,
  copies   INTEGER NOT NULL,
  hub      INTEGER NOT NULL,
  cache    INTEGER NOT NULL,
  wasted   INTEGER NOT NULL,
  reusable INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX catalog_duplicates_by_waste ON catalog_duplicates (wasted DESC, reusable DESC, size DESC, key);
CREATE TABLE catalog_duplicates_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  revisions     TEXT,
  store_changed INTEGER NOT NULL CHECK (store_changed IN (0, 1)),
  count         INTEGER NOT NULL,
  wasted        INTEGER NOT NULL,
  reusable      INTEGER NOT NULL
) STRICT;
INSERT INTO catalog_duplicates_state (id, revisions, store_changed, count, wasted, reusable) VALUES (1, NULL, 1, 0, 0, 0);
CREATE TRIGGER catalog_duplicates_blob_added AFTER INSERT ON git_blobs
  WHEN (SELECT store_changed FROM catalog_duplicates_state WHERE id = 1) = 0
BEGIN
  UPDATE catalog_duplicates_state SET store_changed = 1 WHERE id = 1;
END;
CREATE TRIGGER catalog_duplicates_blob_removed AFTER DELETE ON git_blobs
  WHEN (SELECT store_changed FROM catalog_duplicates_state WHERE id = 1) = 0
BEGIN
  UPDATE catalog_duplicates_state SET store_changed = 1 WHERE id = 1;
END;
CREATE TRIGGER catalog_duplicates_blob_changed AFTER UPDATE OF oid, sha256, lfs_oid ON git_blobs
  WHEN (SELECT store_changed FROM catalog_duplicates_state WHERE id = 1) = 0
BEGIN
  UPDATE catalog_duplicates_state SET store_changed = 1 WHERE id = 1;
END;
CREATE TRIGGER catalog_duplicates_pruned AFTER INSERT ON lfs_pruned
  WHEN (SELECT store_changed FROM catalog_duplicates_state WHERE id = 1) = 0
BEGIN
  UPDATE catalog_duplicates_state SET store_changed = 1 WHERE id = 1;
END;
CREATE TRIGGER catalog_duplicates_unpruned AFTER DELETE ON lfs_pruned
  WHEN (SELECT store_changed FROM catalog_duplicates_state WHERE id = 1) = 0
BEGIN
  UPDATE catalog_duplicates_state SET store_changed = 1 WHERE id = 1;
END;
`;
