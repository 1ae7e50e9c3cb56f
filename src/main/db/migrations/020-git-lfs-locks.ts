export const sql = `
-- git-lfs file locks (the locking API at {repo}.git/info/lfs/locks): one lock per path and repo.
CREATE TABLE lfs_locks (
  id        INTEGER PRIMARY KEY,
  repo_id   INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  path      TEXT NOT NULL,
  ref_name  TEXT,
  owner     TEXT NOT NULL,
  locked_at INTEGER NOT NULL,
  UNIQUE (repo_id, path)
) STRICT;
`;
