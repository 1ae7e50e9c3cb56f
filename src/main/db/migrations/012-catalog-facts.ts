export const sql = `
-- Facts read from one file's content (a config.json, a card, a safetensors or GGUF header), keyed
-- by its hash (LFS sha256, else git oid) and what was read, so the same bytes in any number of
-- revisions and repos are read once. facts is JSON; error says why the file could not be read.
CREATE TABLE catalog_file_facts (
  hash    TEXT NOT NULL,
  kind    TEXT NOT NULL CHECK (kind IN ('config', 'card', 'safetensors', 'safetensors-index', 'gguf')),
  facts   TEXT,
  error   TEXT,
  read_at INTEGER NOT NULL,
  PRIMARY KEY (hash, kind),
  CHECK ((facts IS NULL) <> (error IS NULL))
) STRICT, WITHOUT ROWID;

-- A stored revision's model facts: the columns the filters use, and the whole summary as JSON.
-- List columns hold comma-separated values.
CREATE TABLE catalog_revision_facts (
  revision      INTEGER PRIMARY KEY REFERENCES catalog_revisions (id) ON DELETE CASCADE,
  architectures TEXT NOT NULL,
  model_type    TEXT,
  parameters    INTEGER,
  dtypes        TEXT NOT NULL,
  quantisation  TEXT NOT NULL,
  license       TEXT,
  library       TEXT,
  formats       TEXT NOT NULL,
  bytes_to_load INTEGER,
  summary       TEXT NOT NULL,
  read_at       INTEGER NOT NULL
) STRICT;
`;
