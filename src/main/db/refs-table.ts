import type { Db } from './open-database.js';

export interface RefRow {
  name: string;
  commit_oid: string;
}

export function createRefsTable(db: Db) {
  const get = db.prepare<[number, string], { commit_oid: string }>(
    'SELECT commit_oid FROM refs WHERE repo_id = ? AND name = ?',
  );
  const list = db.prepare<[number], RefRow>('SELECT name, commit_oid FROM refs WHERE repo_id = ? ORDER BY name');
  const insert = db.prepare<[number, string, string]>('INSERT INTO refs (repo_id, name, commit_oid) VALUES (?, ?, ?)');
  const cas = db.prepare<[string, number, string, string]>(
    'UPDATE refs SET commit_oid = ? WHERE repo_id = ? AND name = ? AND commit_oid = ?',
  );
  const remove = db.prepare<[number, string]>('DELETE FROM refs WHERE repo_id = ? AND name = ?');
  const allTargets = db.prepare<[], { commit_oid: string }>('SELECT DISTINCT commit_oid FROM refs');
  const all = db.prepare<[], RefRow & { repo_id: number }>('SELECT repo_id, name, commit_oid FROM refs ORDER BY repo_id, name');

  return {
    get: (repoId: number, name: string): string | undefined => get.get(repoId, name)?.commit_oid,
    list: (repoId: number): RefRow[] => list.all(repoId),
    /** Creates a ref; false if it already exists. */
    create(repoId: number, name: string, commitOid: string): boolean {
      try {
        insert.run(repoId, name, commitOid);
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    /** Compare-and-swap: moves the ref only if it still points at `expected`. */
    compareAndSwap: (repoId: number, name: string, expected: string, next: string): boolean =>
      cas.run(next, repoId, name, expected).changes === 1,
    remove: (repoId: number, name: string): boolean => remove.run(repoId, name).changes === 1,
    allTargets: (): string[] => allTargets.all().map((row) => row.commit_oid),
    /** Every ref of every repo. */
    all: (): Array<RefRow & { repo_id: number }> => all.all(),
  };
}

export type RefsTable = ReturnType<typeof createRefsTable>;

function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
  );
}
