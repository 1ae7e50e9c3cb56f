export const sql = `
-- Recursive size and file count of a folder, per tree object. Trees are immutable, so a row
-- is never stale; rows of collected trees are dropped by the garbage collector.
CREATE TABLE tree_stats (
  tree_oid TEXT PRIMARY KEY,
  size     INTEGER NOT NULL,
  files    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Storage limits; no row means unlimited.
CREATE TABLE namespace_quotas (
  namespace   TEXT PRIMARY KEY COLLATE NOCASE,
  limit_bytes INTEGER NOT NULL CHECK (limit_bytes >= 0),
  updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE repo_quotas (
  repo_id     INTEGER PRIMARY KEY REFERENCES repos (id) ON DELETE CASCADE,
  limit_bytes INTEGER NOT NULL CHECK (limit_bytes >= 0),
  updated_at  INTEGER NOT NULL
) STRICT;

-- Download counts, already de-duplicated per session (a snapshot counts once).
CREATE TABLE repo_downloads (
  repo_id          INTEGER PRIMARY KEY REFERENCES repos (id) ON DELETE CASCADE,
  downloads        INTEGER NOT NULL DEFAULT 0,
  last_download_at INTEGER NOT NULL
) STRICT;

-- LFS objects whose content the garbage collector removed under a repo's keep-versions policy:
-- their pointers stay in git history, so a missing file for them is expected, not corruption.
CREATE TABLE lfs_pruned (
  sha256    TEXT PRIMARY KEY,
  size      INTEGER NOT NULL,
  pruned_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;
