import { AppError } from '../../shared/errors.js';
import type { Db } from '../db/index.js';

export interface LfsLock {
  readonly id: string;
  readonly path: string;
  readonly owner: string;
  /** Milliseconds since the epoch. */
  readonly lockedAt: number;
  readonly ref: string | null;
}

interface LockRow {
  id: number;
  path: string;
  owner: string;
  locked_at: number;
  ref_name: string | null;
}

export interface LockQuery {
  readonly path?: string;
  readonly id?: string;
  /** The id of the first lock to list (locks are listed by id). */
  readonly cursor?: string;
  readonly limit: number;
}

/** git-lfs file locks: one per path of a repo, listed by id. */
export class LfsLocks {
  private readonly insert;
  private readonly byPath;
  private readonly byId;
  private readonly page;
  private readonly remove;

  constructor(db: Db, private readonly now: () => number) {
    this.insert = db.prepare<[number, string, string | null, string, number]>(
      'INSERT INTO lfs_locks (repo_id, path, ref_name, owner, locked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (repo_id, path) DO NOTHING',
    );
    this.byPath = db.prepare<[number, string], LockRow>('SELECT id, path, owner, locked_at, ref_name FROM lfs_locks WHERE repo_id = ? AND path = ?');
    this.byId = db.prepare<[number, number], LockRow>('SELECT id, path, owner, locked_at, ref_name FROM lfs_locks WHERE repo_id = ? AND id = ?');
    this.page = db.prepare<[{ repo: number; from: number; path: string | null; id: number | null; limit: number }], LockRow>(
      `SELECT id, path, owner, locked_at, ref_name FROM lfs_locks
        WHERE repo_id = @repo AND id >= @from AND (@path IS NULL OR path = @path) AND (@id IS NULL OR id = @id)
        ORDER BY id LIMIT @limit`,
    );
    this.remove = db.prepare<[number, number]>('DELETE FROM lfs_locks WHERE repo_id = ? AND id = ?');
  }

  /** Locks `path` for `owner`; a lock already there is returned as `existing` (git-lfs answers 409). */
  create(repoId: number, path: string, owner: string, ref: string | null): { created: LfsLock } | { existing: LfsLock } {
    const result = this.insert.run(repoId, path, ref, owner, this.now());
    const row = this.byPath.get(repoId, path);
    if (!row) throw new AppError('Conflict', `The lock on ${path} was removed meanwhile; try again`);
    return result.changes === 1 ? { created: toLock(row) } : { existing: toLock(row) };
  }

  /** Up to `limit` locks from `cursor` on, and the cursor of the next page. */
  list(repoId: number, query: LockQuery): { locks: LfsLock[]; nextCursor: string | undefined } {
    const from = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isSafeInteger(from) || from < 0) throw new AppError('BadRequest', 'The cursor must be a lock id');
    const id = query.id === undefined ? null : Number(query.id);
    if (id !== null && !Number.isSafeInteger(id)) return { locks: [], nextCursor: undefined };
    const rows = this.page.all({ repo: repoId, from, path: query.path ?? null, id, limit: query.limit + 1 });
    const next = rows.length > query.limit ? rows.pop() : undefined;
    return { locks: rows.map(toLock), nextCursor: next === undefined ? undefined : String(next.id) };
  }

  get(repoId: number, id: string): LfsLock | undefined {
    const numeric = Number(id);
    if (!/^[0-9]{1,15}$/.test(id) || !Number.isSafeInteger(numeric)) return undefined;
    const row = this.byId.get(repoId, numeric);
    return row ? toLock(row) : undefined;
  }

  delete(repoId: number, id: string): boolean {
    return this.remove.run(repoId, Number(id)).changes === 1;
  }
}

function toLock(row: LockRow): LfsLock {
  return { id: String(row.id), path: row.path, owner: row.owner, lockedAt: row.locked_at, ref: row.ref_name };
}
