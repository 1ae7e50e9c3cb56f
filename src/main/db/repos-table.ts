import type { Db } from './open-database.js';

export interface RepoRow {
  id: number;
  type: string;
  namespace: string;
  name: string;
  private: number;
  gated: string;
  lfs_threshold: number | null;
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface NewRepoRow {
  type: string;
  namespace: string;
  name: string;
  private: boolean;
  createdAt: number;
}

export function createReposTable(db: Db) {
  const byName = db.prepare<[string, string, string], RepoRow>(
    'SELECT * FROM repos WHERE type = ? AND namespace = ? COLLATE NOCASE AND name = ? COLLATE NOCASE',
  );
  const byId = db.prepare<[number], RepoRow>('SELECT * FROM repos WHERE id = ?');
  const insert = db.prepare<[string, string, string, number, number, number]>(
    'INSERT INTO repos (type, namespace, name, private, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const rename = db.prepare<[string, string, number, number]>(
    'UPDATE repos SET namespace = ?, name = ?, updated_at = ? WHERE id = ?',
  );
  const touch = db.prepare<[number, number]>('UPDATE repos SET updated_at = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM repos WHERE id = ?');
  const setPrivate = db.prepare<[number, number, number]>('UPDATE repos SET private = ?, updated_at = ? WHERE id = ?');
  const setGated = db.prepare<[string, number, number]>('UPDATE repos SET gated = ?, updated_at = ? WHERE id = ?');
  const setLfsThreshold = db.prepare<[number | null, number, number]>(
    'UPDATE repos SET lfs_threshold = ?, updated_at = ? WHERE id = ?',
  );
  const setSettings = db.prepare<[string, number, number]>('UPDATE repos SET settings = ?, updated_at = ? WHERE id = ?');
  const all = db.prepare<[], RepoRow>('SELECT * FROM repos ORDER BY id');
  const redirectLookup = db.prepare<[string, string, string], { repo_id: number }>(
    'SELECT repo_id FROM repo_redirects WHERE type = ? AND namespace = ? AND name = ?',
  );
  const redirectInsert = db.prepare<[string, string, string, number]>(
    'INSERT OR REPLACE INTO repo_redirects (type, namespace, name, repo_id) VALUES (?, ?, ?, ?)',
  );
  const redirectRemove = db.prepare<[string, string, string]>(
    'DELETE FROM repo_redirects WHERE type = ? AND namespace = ? AND name = ?',
  );

  return {
    findByName: (type: string, namespace: string, name: string): RepoRow | undefined => byName.get(type, namespace, name),
    findById: (id: number): RepoRow | undefined => byId.get(id),
    list: (): RepoRow[] => all.all(),
    insert(row: NewRepoRow): number {
      const result = insert.run(row.type, row.namespace, row.name, row.private ? 1 : 0, row.createdAt, row.createdAt);
      return Number(result.lastInsertRowid);
    },
    rename: (id: number, namespace: string, name: string, now: number): void => void rename.run(namespace, name, now, id),
    touch: (id: number, now: number): void => void touch.run(now, id),
    remove: (id: number): void => void remove.run(id),
    setPrivate: (id: number, value: boolean, now: number): void => void setPrivate.run(value ? 1 : 0, now, id),
    setGated: (id: number, value: string, now: number): void => void setGated.run(value, now, id),
    setLfsThreshold: (id: number, value: number | null, now: number): void => void setLfsThreshold.run(value, now, id),
    setSettings: (id: number, json: string, now: number): void => void setSettings.run(json, now, id),
    findRedirect: (type: string, namespace: string, name: string): number | undefined =>
      redirectLookup.get(type, namespace, name)?.repo_id,
    addRedirect: (type: string, namespace: string, name: string, repoId: number): void =>
      void redirectInsert.run(type, namespace, name, repoId),
    removeRedirect: (type: string, namespace: string, name: string): void => void redirectRemove.run(type, namespace, name),
  };
}

export type ReposTable = ReturnType<typeof createReposTable>;
