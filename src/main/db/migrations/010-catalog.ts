export const sql = `
-- A remote repo the user tracks: one revision (branch, tag or commit) of one repo on one hub.
-- current_commit is the commit of the last good refresh; error says why the last one failed.
-- Tokens are never stored here (credentials/ chooses them per hub).
CREATE TABLE catalog_repos (
  id             INTEGER PRIMARY KEY,
  endpoint       TEXT NOT NULL,
  type           TEXT NOT NULL CHECK (type IN ('model', 'dataset', 'space')),
  repo_id        TEXT NOT NULL,
  revision       TEXT NOT NULL,
  current_commit TEXT,
  added_at       INTEGER NOT NULL,
  checked_at     INTEGER,
  error          TEXT,
  error_at       INTEGER,
  UNIQUE (endpoint, type, repo_id, revision)
) STRICT;

-- A folder's listing, stored once however many revisions and repos hold it. digest is a sha256
-- of its entries (names, hashes and subfolder digests), so equal folders share one row on any
-- hub, with or without git tree oids.
CREATE TABLE catalog_folders (
  id     INTEGER PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE
) STRICT;

-- One entry of a folder: a file (size, git oid, LFS sha256 and size) or a subfolder (child;
-- oid is the hub's folder oid when it gives one).
CREATE TABLE catalog_entries (
  folder     INTEGER NOT NULL REFERENCES catalog_folders (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  child      INTEGER REFERENCES catalog_folders (id),
  size       INTEGER,
  oid        TEXT,
  lfs_sha256 TEXT,
  lfs_size   INTEGER,
  PRIMARY KEY (folder, name),
  CHECK ((child IS NULL) = (size IS NOT NULL)),
  CHECK (child IS NOT NULL OR oid IS NOT NULL),
  CHECK ((lfs_sha256 IS NULL) = (lfs_size IS NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX catalog_entries_by_child ON catalog_entries (child) WHERE child IS NOT NULL;
CREATE INDEX catalog_entries_by_oid ON catalog_entries (oid) WHERE child IS NULL;
CREATE INDEX catalog_entries_by_sha256 ON catalog_entries (lfs_sha256) WHERE lfs_sha256 IS NOT NULL;

-- Each commit a tracked repo resolved to at a refresh, with its root folder.
CREATE TABLE catalog_revisions (
  id          INTEGER PRIMARY KEY,
  repo        INTEGER NOT NULL REFERENCES catalog_repos (id) ON DELETE CASCADE,
  commit_id   TEXT NOT NULL,
  root_folder INTEGER NOT NULL REFERENCES catalog_folders (id),
  files       INTEGER NOT NULL,
  total_size  INTEGER NOT NULL,
  fetched_at  INTEGER NOT NULL,
  UNIQUE (repo, commit_id)
) STRICT;
CREATE INDEX catalog_revisions_by_root ON catalog_revisions (root_folder);
`;
