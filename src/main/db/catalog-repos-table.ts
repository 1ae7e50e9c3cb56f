import type { Db } from './open-database.js';

export type CatalogSource = 'remote' | 'hub' | 'cache';

export interface CatalogRepoRow {
  id: number;
  source: CatalogSource;
  endpoint: string;
  type: string;
  repo_id: string;
  revision: string;
  every_ms: number | null;
  added_at: number;
  checked_at: number | null;
  error: string | null;
  error_at: number | null;
}

/** A ref of a tracked repo with the stored revision it points at. */
export interface CatalogRefRow {
  ref: string;
  commit_id: string;
  files: number;
  total_size: number;
  fetched_at: number;
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
  readonly source: CatalogSource;
  readonly endpoint: string;
  readonly type: string;
  readonly repoId: string;
  readonly revision: string;
  readonly everyMs: number | null;
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

/** catalog_repos, catalog_refs and catalog_revisions: the tracked repos, their refs and each commit a refresh stored. */
export function createCatalogReposTable(db: Db) {
  const insert = db.prepare<[NewCatalogRepo]>(
    `INSERT INTO catalog_repos (source, endpoint, type, repo_id, revision, every_ms, added_at)
     VALUES (@source, @endpoint, @type, @repoId, @revision, @everyMs, @now)`,
  );
  const byKey = db.prepare<[string, string, string, string], CatalogRepoRow>(
    'SELECT * FROM catalog_repos WHERE endpoint = ? AND type = ? AND repo_id = ? AND revision = ?',
  );
  const byId = db.prepare<[number], CatalogRepoRow>('SELECT * FROM catalog_repos WHERE id = ?');
  const all = db.prepare<[], CatalogRepoRow>('SELECT * FROM catalog_repos ORDER BY repo_id, type, source, endpoint, revision');
  const remove = db.prepare<[number]>('DELETE FROM catalog_repos WHERE id = ?');
  const checked = db.prepare<[number, number]>('UPDATE catalog_repos SET checked_at = ?, error = NULL, error_at = NULL WHERE id = ?');
  const failed = db.prepare<[string, number, number]>('UPDATE catalog_repos SET error = ?, error_at = ? WHERE id = ?');
  const schedule = db.prepare<[number | null, number]>('UPDATE catalog_repos SET every_ms = ? WHERE id = ?');
  const refs = db.prepare<[number], CatalogRefRow>(
    'SELECT ref, commit_id, files, total_size, fetched_at FROM catalog_current WHERE repo_row = ? ORDER BY ref',
  );
  const clearRefs = db.prepare<[number]>('DELETE FROM catalog_refs WHERE repo = ?');
  const insertRef = db.prepare<[number, string, string]>('INSERT INTO catalog_refs (repo, ref, commit_id) VALUES (?, ?, ?)');
  const insertRevision = db.prepare<[NewCatalogRevision]>(
    `INSERT INTO catalog_revisions (repo, commit_id, root_folder, files, total_size, fetched_at)
     VALUES (@repo, @commit, @rootFolder, @files, @totalSize, @now)`,
  );
  const revision = db.prepare<[number, string], CatalogRevisionRow>('SELECT * FROM catalog_revisions WHERE repo = ? AND commit_id = ?');
  const revisions = db.prepare<[number], CatalogRevisionRow>('SELECT * FROM catalog_revisions WHERE repo = ? ORDER BY fetched_at, id');
  const rename = db.prepare<[string, number]>('UPDATE catalog_repos SET repo_id = ? WHERE id = ?');
  const restoreRevision = db.prepare<[NewCatalogRevision]>(
    `UPDATE catalog_revisions SET root_folder = @rootFolder, files = @files, total_size = @totalSize, fetched_at = @now
     WHERE repo = @repo AND commit_id = @commit`,
  );
  const removeRevision = db.prepare<[number, string]>('DELETE FROM catalog_revisions WHERE repo = ? AND commit_id = ?');

  return {
    add: (repo: NewCatalogRepo): number => Number(insert.run(repo).lastInsertRowid),
    find: (endpoint: string, type: string, repoId: string, revision: string): CatalogRepoRow | undefined => byKey.get(endpoint, type, repoId, revision),
    get: (id: number): CatalogRepoRow | undefined => byId.get(id),
    list: (): CatalogRepoRow[] => all.all(),
    remove: (id: number): boolean => remove.run(id).changes > 0,
    /** The repo's refs as its last good refresh saw them, by name. */
    refs: (repo: number): CatalogRefRow[] => refs.all(repo),
    /**
     * A good refresh: the repo's refs become exactly these (each commit stored already) and its
     * last error is cleared. The caller runs it inside its transaction.
     */
    markChecked(id: number, current: ReadonlyMap<string, string>, now: number): void {
      clearRefs.run(id);
      for (const [ref, commit] of current) insertRef.run(id, ref, commit);
      checked.run(now, id);
    },
    /** A failed refresh: the current structure stays, the error is kept to show. */
    markFailed: (id: number, message: string, now: number): void => void failed.run(message, now, id),
    setSchedule: (id: number, everyMs: number | null): void => void schedule.run(everyMs, id),
    addRevision: (row: NewCatalogRevision): number => Number(insertRevision.run(row).lastInsertRowid),
    revision: (repo: number, commit: string): CatalogRevisionRow | undefined => revision.get(repo, commit),
    /** Every stored revision of a tracked repo, oldest refresh first. */
    revisions: (repo: number): CatalogRevisionRow[] => revisions.all(repo),
    /** A repo of the local hub was renamed or moved: its tracked row follows it. */
    rename: (id: number, repoId: string): void => void rename.run(repoId, id),
    /** Stores a revision again with another structure (a cached snapshot that gained or lost files). */
    replaceRevision: (row: NewCatalogRevision): void => void restoreRevision.run(row),
    /** Drops a stored revision no ref points at (a snapshot deleted from a cache). */
    removeRevision: (repo: number, commit: string): void => void removeRevision.run(repo, commit),
  };
}

export type CatalogReposTable = ReturnType<typeof createCatalogReposTable>;
