export const sql = `
-- Each pull of a remote revision into a local repo: which remote commit became which local
-- commit, from where, and when. filtered = 1 when --include/--exclude chose a subset of the
-- files (the local tree then differs from the remote's).
CREATE TABLE sync_pulls (
  id              INTEGER PRIMARY KEY,
  repo_id         INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  remote_endpoint TEXT NOT NULL,
  remote_type     TEXT NOT NULL,
  remote_repo     TEXT NOT NULL,
  revision        TEXT NOT NULL,
  remote_commit   TEXT NOT NULL,
  local_commit    TEXT NOT NULL,
  filtered        INTEGER NOT NULL CHECK (filtered IN (0, 1)),
  pulled_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX sync_pulls_by_repo ON sync_pulls (repo_id, pulled_at);
`;
