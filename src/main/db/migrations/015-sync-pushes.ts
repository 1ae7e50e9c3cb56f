export const sql = `
-- Each push of a local commit to a remote repo: which local commit became which remote commit,
-- where, and when. With sync_pulls it tells the remote commit of the last sync with a remote
-- repo, which a push checks the remote's head against before it writes (divergence).
CREATE TABLE sync_pushes (
  id              INTEGER PRIMARY KEY,
  repo_id         INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  remote_endpoint TEXT NOT NULL,
  remote_type     TEXT NOT NULL,
  remote_repo     TEXT NOT NULL,
  revision        TEXT NOT NULL,
  remote_commit   TEXT NOT NULL,
  local_commit    TEXT NOT NULL,
  pushed_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX sync_pushes_by_repo ON sync_pushes (repo_id, pushed_at);
`;
