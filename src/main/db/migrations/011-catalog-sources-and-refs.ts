export const sql = `
-- Where a tracked repo's structures come from: a remote hub (endpoint is its URL), the local hub
-- (endpoint 'local') or a Hugging Face cache folder (endpoint is its absolute path).
ALTER TABLE catalog_repos ADD COLUMN source TEXT NOT NULL DEFAULT 'remote' CHECK (source IN ('remote', 'hub', 'cache'));
-- How often a scheduled refresh checks the repo; NULL refreshes on demand only.
ALTER TABLE catalog_repos ADD COLUMN every_ms INTEGER CHECK (every_ms IS NULL OR every_ms > 0);
UPDATE catalog_repos SET every_ms = 86400000;

-- The refs of a tracked repo as its last good refresh saw them: the tracked revision alone, or
-- every branch and tag when the repo is tracked with all refs (revision '*').
CREATE TABLE catalog_refs (
  repo      INTEGER NOT NULL REFERENCES catalog_repos (id) ON DELETE CASCADE,
  ref       TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  PRIMARY KEY (repo, ref),
  FOREIGN KEY (repo, commit_id) REFERENCES catalog_revisions (repo, commit_id)
) STRICT, WITHOUT ROWID;
INSERT INTO catalog_refs (repo, ref, commit_id) SELECT id, revision, current_commit FROM catalog_repos WHERE current_commit IS NOT NULL;
ALTER TABLE catalog_repos DROP COLUMN current_commit;

-- Every current structure: one row per ref of each tracked repo, with the revision it points at.
CREATE VIEW catalog_current AS
  SELECT r.id AS repo_row, r.source, r.endpoint, r.type, r.repo_id, r.revision AS tracked, f.ref,
    v.id AS revision_row, v.commit_id, v.root_folder, v.files, v.total_size, v.fetched_at
  FROM catalog_repos r
  JOIN catalog_refs f ON f.repo = r.id
  JOIN catalog_revisions v ON v.repo = r.id AND v.commit_id = f.commit_id;
`;
