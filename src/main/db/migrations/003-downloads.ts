export const sql = `
-- Resumable downloads into the Hugging Face cache or a local dir: one row per target file, with
-- the stable partial file that survives restarts and who is working on it.
CREATE TABLE download_transfers (
  id              INTEGER PRIMARY KEY,
  target_path     TEXT NOT NULL UNIQUE,
  incomplete_path TEXT NOT NULL,
  etag            TEXT NOT NULL,
  size            INTEGER NOT NULL CHECK (size >= 0),
  owner           TEXT,
  heartbeat_at    INTEGER NOT NULL,
  created_at      INTEGER NOT NULL
) STRICT;

-- Byte ranges of a transfer and how many bytes of each, from its start, are on disk.
CREATE TABLE download_ranges (
  transfer_id INTEGER NOT NULL REFERENCES download_transfers (id) ON DELETE CASCADE,
  range_start INTEGER NOT NULL,
  range_end   INTEGER NOT NULL,
  done        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (transfer_id, range_start),
  CHECK (range_end >= range_start AND done >= 0 AND done <= range_end - range_start)
) STRICT, WITHOUT ROWID;

-- The persistent job queue (downloads, and later syncs and verifications).
CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'failed', 'done', 'cancelled')),
  title       TEXT NOT NULL,
  params      TEXT NOT NULL,
  result      TEXT,
  error       TEXT,
  bytes_done  INTEGER NOT NULL DEFAULT 0,
  bytes_total INTEGER,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER
) STRICT;
CREATE INDEX jobs_by_state ON jobs (state, id);
`;
