export const sql = `
-- One row per git push receiving objects, from before its pack is checked against the store to
-- after its refs move (or it fails). While a row younger than the grace period exists, the garbage
-- collector deletes nothing: the push may rely on unreferenced objects it found stored. A row older
-- than the grace period no longer counts and the collector removes it; so does a row whose process,
-- on the same host, is gone (killed mid-push).
CREATE TABLE git_pushes_in_flight (
  id         INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  pid        INTEGER NOT NULL,
  host       TEXT NOT NULL
) STRICT;
`;
