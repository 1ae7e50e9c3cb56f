export const sql = `
CREATE TABLE repos (
  id            INTEGER PRIMARY KEY,
  type          TEXT NOT NULL CHECK (type IN ('model', 'dataset', 'space')),
  namespace     TEXT NOT NULL,
  name          TEXT NOT NULL,
  private       INTEGER NOT NULL DEFAULT 0,
  gated         TEXT NOT NULL DEFAULT 'false' CHECK (gated IN ('false', 'auto', 'manual')),
  lfs_threshold INTEGER,
  settings      TEXT NOT NULL DEFAULT '{}',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX repos_by_name ON repos (type, namespace COLLATE NOCASE, name COLLATE NOCASE);

-- Old names of moved repos, so old URLs can be redirected.
CREATE TABLE repo_redirects (
  type      TEXT NOT NULL,
  namespace TEXT NOT NULL COLLATE NOCASE,
  name      TEXT NOT NULL COLLATE NOCASE,
  repo_id   INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  PRIMARY KEY (type, namespace, name)
) STRICT;

CREATE TABLE refs (
  repo_id    INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  commit_oid TEXT NOT NULL REFERENCES git_commits (oid),
  PRIMARY KEY (repo_id, name)
) STRICT, WITHOUT ROWID;
CREATE INDEX refs_by_commit ON refs (commit_oid);

-- Git blob objects. A regular file's bytes are inline (small: git_blob_contents) or in the blob
-- store by sha256; an LFS pointer blob is described by lfs_oid + lfs_size and serialised on demand.
-- Content lives in its own table so that metadata rows stay small: listings read many of them.
CREATE TABLE git_blobs (
  oid        TEXT PRIMARY KEY,
  size       INTEGER NOT NULL,
  sha256     TEXT,
  inline     INTEGER NOT NULL DEFAULT 0 CHECK (inline IN (0, 1)),
  lfs_oid    TEXT,
  lfs_size   INTEGER,
  created_at INTEGER NOT NULL,
  CHECK ((lfs_oid IS NULL) = (lfs_size IS NULL)),
  CHECK (lfs_oid IS NOT NULL OR sha256 IS NOT NULL)
) STRICT, WITHOUT ROWID;
CREATE INDEX git_blobs_by_sha256 ON git_blobs (sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX git_blobs_by_lfs_oid ON git_blobs (lfs_oid) WHERE lfs_oid IS NOT NULL;

CREATE TABLE git_blob_contents (
  oid     TEXT PRIMARY KEY REFERENCES git_blobs (oid) ON DELETE CASCADE,
  content BLOB NOT NULL
) STRICT;

CREATE TABLE git_trees (
  oid        TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE git_tree_entries (
  tree_oid TEXT NOT NULL REFERENCES git_trees (oid) ON DELETE CASCADE,
  pos      INTEGER NOT NULL,
  name     TEXT NOT NULL,
  mode     TEXT NOT NULL,
  oid      TEXT NOT NULL,
  PRIMARY KEY (tree_oid, pos)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX git_tree_entries_by_name ON git_tree_entries (tree_oid, name);

CREATE TABLE git_commits (
  oid             TEXT PRIMARY KEY,
  tree_oid        TEXT NOT NULL REFERENCES git_trees (oid),
  parents         TEXT NOT NULL,
  author_name     TEXT NOT NULL,
  author_email    TEXT NOT NULL,
  author_time     INTEGER NOT NULL,
  committer_time  INTEGER NOT NULL,
  message         TEXT NOT NULL,
  raw             BLOB NOT NULL,
  created_at      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Which commits belong to which repo: objects are shared by content across repos, so
-- resolving a commit id must be scoped to the repos that hold it.
CREATE TABLE repo_commits (
  repo_id    INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  commit_oid TEXT NOT NULL REFERENCES git_commits (oid),
  PRIMARY KEY (repo_id, commit_oid)
) STRICT, WITHOUT ROWID;
CREATE INDEX repo_commits_by_commit ON repo_commits (commit_oid);

CREATE TABLE users (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  fullname    TEXT NOT NULL DEFAULT '',
  email       TEXT,
  kind        TEXT NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'org')),
  created_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_by_name ON users (name COLLATE NOCASE);

CREATE TABLE org_members (
  org_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
  PRIMARY KEY (org_id, user_id)
) STRICT;

-- Tokens are stored as sha256 hashes; the plain token is shown once, at creation.
CREATE TABLE tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER
) STRICT;
`;
