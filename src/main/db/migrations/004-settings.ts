export const sql = `
-- Settings changed in the UI that must survive a restart (LFS threshold, bind address): one row
-- per key, the value as JSON text. Command-line options and environment variables win over them.
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
`;
