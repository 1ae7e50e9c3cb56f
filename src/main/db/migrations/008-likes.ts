export const sql = `
-- Who likes which repo, as on the Hub: one row per (repo, user); a repo's like count is the
-- number of its rows. Both sides cascade, so a deleted repo or user takes its likes with it.
CREATE TABLE repo_likes (
  repo_id    INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (repo_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX repo_likes_by_user ON repo_likes (user_id, created_at);
`;
