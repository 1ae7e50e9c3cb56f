import type { Db } from './open-database.js';

export interface CatalogRepoRow {
  id: number;
  endpoint: string;
  type: string;
  repo_id: string;
  revision: string;
  current_commit: string | null;
  added_at: number;
  checked_at: number | null;
  error: string | null;
  error_at: number | null;
}

/** A tracked repo with the size of its current structure (null before its first good refresh). */
export interface CatalogRepoListRow extends CatalogRepoRow {
  files: number | null;
  total_size: number | null;
}

export interface CatalogRevisionRow {
  id: number;
  repo: number;
  commit_id: string;
  root_folder: number;
  files: number;
  total_size: number;
  fetched_at: number;
}

export interface NewCatalogRepo {
  readonly endpoint: string;
  readonly type: string;
  readonly repoId: string;
  readonly revision: string;
  readonly now: number;
}

export interface NewCatalogRevision {
  readonly repo: number;
  readonly commit: string;
  readonly rootFolder: number;
  readonly files: number;
  readonly totalSize: number;
  readonly now: number;
}

const LIST = `SELECT r.*, v.files, v.total_size FROM catalog_repos r
  LEFT JOIN catalog_revisions v ON v.repo = r.id AND v.commit_id = r.current_commit`;

/** catalog_repos and catalog_revisions: the tracked remote repos and each commit a refresh stored. */
export function createCatalogReposTable(db: Db) {
  const insert = db.prepare<[NewCatalogRepo]>(
    'INSERT INTO catalog_repos (endpoint, type, repo_id, revision, added_at) VALUES (@endpoint, @type, @repoId, @revision, @now)',
  );
  const byKey = db.prepare<[string, string, string, string], CatalogRepoRow>(
    'SELECT * FROM catalog_repos WHERE endpoint = ? AND type = ? AND repo_id = ? AND revision = ?',
  );
  const byId = db.prepare<[number], CatalogRepoRow>('SELECT * FROM catalog_repos WHERE id = ?');
  const all = db.prepare<[], CatalogRepoListRow>(`${LIST} ORDER BY r.repo_id, r.type, r.endpoint, r.revision`);
  const remove = db.prepare<[number]>('DELETE FROM catalog_repos WHERE id = ?');
  const checked = db.prepare<[string, number, number]>('UPDATE catalog_repos SET current_commit = ?, checked_at = ?, error = NULL, error_at = NULL WHERE id = ?');
  const failed = db.prepare<[string, number, number]>('UPDATE catalog_repos SET error = ?, error_at = ? WHERE id = ?');
  const insertRevision = db.prepare<[NewCatalogRevision]>(
    `INSERT INTO catalog_revisions (repo, commit_id, root_folder, files, total_size, fetched_at)
     VALUES (@repo, @commit, @rootFolder, @files, @totalSize, @now)`,
  );
  const revision = db.prepare<[number, string], CatalogRevisionRow>('SELECT * FROM catalog_revisions WHERE repo = ? AND commit_id = ?');
  const revisions = db.prepare<[number], CatalogRevisionRow>('SELECT * FROM catalog_revisions WHERE repo = ? ORDER BY fetched_at, id');

  return {
    add: (repo: NewCatalogRepo): number => Number(insert.run(repo).lastInsertRowid),
    find: (endpoint: string, type: string, repoId: string, revision: string): CatalogRepoRow | undefined => byKey.get(endpoint, type, repoId, revision),
    get: (id: number): CatalogRepoRow | undefined => byId.get(id),
    list: (): CatalogRepoListRow[] => all.all(),
    remove: (id: number): boolean => remove.run(id).changes > 0,
    /** A good refresh: the repo now points at this commit and its last error is cleared. */
    markChecked: (id: number, commit: string, now: number): void => void checked.run(commit, now, id),
    /** A failed refresh: the current structure stays, the error is kept to show. */
    markFailed: (id: number, message: string, now: number): void => void failed.run(message, now, id),
    addRevision: (row: NewCatalogRevision): number => Number(insertRevision.run(row).lastInsertRowid),
    revision: (repo: number, commit: string): CatalogRevisionRow | undefined => revision.get(repo, commit),
    /** Every stored revision of a tracked repo, oldest refresh first. */
    revisions: (repo: number): CatalogRevisionRow[] => revisions.all(repo),
  };
}

export type CatalogReposTable = ReturnType<typeof createCatalogReposTable>;
