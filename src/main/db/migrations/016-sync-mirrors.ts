export const sql = `
-- A pull schedule per local repo and remote: the server's scheduler pulls the remote repo into
-- the local one every every_ms (NULL: on demand only), with --history / --all-refs as asked.
-- last_result is the JSON outcome of the last run (updated or failed, and what moved).
CREATE TABLE sync_mirrors (
  id              INTEGER PRIMARY KEY,
  repo_type       TEXT NOT NULL,
  repo            TEXT NOT NULL,
  remote_endpoint TEXT NOT NULL,
  remote_repo     TEXT NOT NULL,
  every_ms        INTEGER CHECK (every_ms IS NULL OR every_ms > 0),
  history         INTEGER NOT NULL CHECK (history IN (0, 1)),
  all_refs        INTEGER NOT NULL CHECK (all_refs IN (0, 1)),
  created_at      INTEGER NOT NULL,
  last_run_at     INTEGER,
  last_result     TEXT,
  UNIQUE (repo_type, repo, remote_endpoint)
) STRICT;
`;
