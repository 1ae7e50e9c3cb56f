export const sql = `
-- Annotated tag objects received by git push, kept as sent (their ids are kept). A tag ref still
-- names the commit in refs (what the API lists and resolves); repo_annotated_tags says which tag
-- object git sees for it. A row whose tag no longer peels to the ref's commit is ignored.
CREATE TABLE git_tags (
  oid        TEXT PRIMARY KEY,
  target_oid TEXT NOT NULL,
  raw        BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE repo_annotated_tags (
  repo_id  INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  ref_name TEXT NOT NULL,
  tag_oid  TEXT NOT NULL,
  PRIMARY KEY (repo_id, ref_name)
) STRICT, WITHOUT ROWID;
`;
