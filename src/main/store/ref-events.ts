import type { RepoType } from '../../shared/repo-id.js';
import type { Db, RefsTable } from '../db/index.js';

export interface RepoName {
  readonly type: RepoType;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Told of every change to the refs of the local hub's repos, inside the SQLite transaction that
 * makes it: whatever a listener writes commits or rolls back with the change itself. A listener
 * that throws fails the change.
 */
export interface RefsListener {
  /** A ref of the repo was created, moved or deleted (a commit, a branch or tag, a squash, a pull request). */
  refsChanged(repoId: number): void;
  /** The repo was renamed or moved to another namespace (its id stays). */
  repoMoved(repoId: number, from: RepoName): void;
  /** The repo and its refs were deleted. */
  repoDeleted(repo: RepoName): void;
}

/** Fans events out to the listeners registered so far. */
export class RefEvents implements RefsListener {
  private readonly listeners: RefsListener[] = [];

  get active(): boolean {
    return this.listeners.length > 0;
  }

  add(listener: RefsListener): void {
    this.listeners.push(listener);
  }

  refsChanged(repoId: number): void {
    for (const listener of this.listeners) listener.refsChanged(repoId);
  }

  repoMoved(repoId: number, from: RepoName): void {
    for (const listener of this.listeners) listener.repoMoved(repoId, from);
  }

  repoDeleted(repo: RepoName): void {
    for (const listener of this.listeners) listener.repoDeleted(repo);
  }
}

/**
 * The refs table, telling `events` of each change that happened. The write and the event run in
 * one transaction (a savepoint inside the caller's), so a listener's writes are never separated
 * from the ref move, even where the caller did not open a transaction itself.
 */
export function notifyingRefs(db: Db, refs: RefsTable, events: RefEvents): RefsTable {
  const changed = (repoId: number, write: () => boolean): boolean => {
    if (!events.active) return write();
    return db.transaction(() => {
      const done = write();
      if (done) events.refsChanged(repoId);
      return done;
    })();
  };
  return {
    ...refs,
    create: (repoId, name, commitOid) => changed(repoId, () => refs.create(repoId, name, commitOid)),
    compareAndSwap: (repoId, name, expected, next) => changed(repoId, () => refs.compareAndSwap(repoId, name, expected, next)),
    remove: (repoId, name) => changed(repoId, () => refs.remove(repoId, name)),
  };
}
