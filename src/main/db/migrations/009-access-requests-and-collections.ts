export const sql = `
-- Who asked for (or was granted) access to a gated repo, one row per repo and user. A grant
-- without a request (granted = 1) shows no email, as on the Hub.
CREATE TABLE access_requests (
  repo_id          INTEGER NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
  user_name        TEXT NOT NULL COLLATE NOCASE,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  fields           TEXT,
  rejection_reason TEXT,
  granted          INTEGER NOT NULL DEFAULT 0 CHECK (granted IN (0, 1)),
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  PRIMARY KEY (repo_id, user_name)
) STRICT, WITHOUT ROWID;
CREATE INDEX access_requests_by_status ON access_requests (repo_id, status, created_at);

-- Collections: a titled, ordered list of repos and other collections owned by a user or an
-- organisation. public_id (24 hex digits) ends the slug, so a slug survives a new title.
CREATE TABLE collections (
  id          INTEGER PRIMARY KEY,
  public_id   TEXT NOT NULL UNIQUE CHECK (length(public_id) = 24),
  owner       TEXT NOT NULL COLLATE NOCASE,
  title       TEXT NOT NULL,
  description TEXT,
  private     INTEGER NOT NULL CHECK (private IN (0, 1)),
  theme       TEXT NOT NULL,
  position    INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX collections_by_owner ON collections (owner, position);

-- An item is a repo or another collection; a deleted repo or collection leaves every list.
CREATE TABLE collection_items (
  id              INTEGER PRIMARY KEY,
  collection_id   INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  repo_id         INTEGER REFERENCES repos (id) ON DELETE CASCADE,
  item_collection INTEGER REFERENCES collections (id) ON DELETE CASCADE,
  note            TEXT,
  created_at      INTEGER NOT NULL,
  CHECK ((repo_id IS NULL) <> (item_collection IS NULL)),
  UNIQUE (collection_id, repo_id),
  UNIQUE (collection_id, item_collection)
) STRICT;
CREATE INDEX collection_items_by_repo ON collection_items (repo_id);
CREATE INDEX collection_items_by_collection ON collection_items (item_collection);
`;
