export const sql = `
-- Discussions and pull requests of a repo, numbered from 1 per repo as on the Hub. A pull
-- request's changes live on the ref refs/pr/<num>; base_ref is the branch it merges into.
CREATE TABLE discussions (
  repo_id         INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  num             INTEGER NOT NULL CHECK (num >= 1),
  title           TEXT NOT NULL,
  author          TEXT NOT NULL,
  is_pull_request INTEGER NOT NULL CHECK (is_pull_request IN (0, 1)),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'merged')),
  base_ref        TEXT,
  merge_commit    TEXT,
  created_at      INTEGER NOT NULL,
  PRIMARY KEY (repo_id, num),
  CHECK ((is_pull_request = 1) = (base_ref IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- What happened in a discussion, oldest first: comments (data: latest text, edit history,
-- hidden), status changes, commits to a pull request and title changes.
CREATE TABLE discussion_events (
  id         INTEGER PRIMARY KEY,
  repo_id    INTEGER NOT NULL,
  num        INTEGER NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('comment', 'status-change', 'commit', 'title-change')),
  author     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  data       TEXT NOT NULL,
  FOREIGN KEY (repo_id, num) REFERENCES discussions (repo_id, num) ON DELETE CASCADE
) STRICT;
CREATE INDEX discussion_events_by_discussion ON discussion_events (repo_id, num, id);
`;
