import type { Db } from './open-database.js';

/** git_pushes_in_flight: the pushes receiving objects, which the garbage collector waits for. */
export function createGitPushesInFlightTable(db: Db) {
  const insert = db.prepare<[number, number, string]>('INSERT INTO git_pushes_in_flight (started_at, pid, host) VALUES (?, ?, ?)');
  const refresh = db.prepare<[number, number]>('UPDATE git_pushes_in_flight SET started_at = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM git_pushes_in_flight WHERE id = ?');
  const live = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM git_pushes_in_flight WHERE started_at >= ?');
  const removeStale = db.prepare<[number]>('DELETE FROM git_pushes_in_flight WHERE started_at < ?');
  const ofHost = db.prepare<[string], { id: number; pid: number }>('SELECT id, pid FROM git_pushes_in_flight WHERE host = ?');
  return {
    /** Registers a push starting now in process `pid` of `host`; returns its id. */
    start: (now: number, pid: number, host: string): number => Number(insert.run(now, pid, host).lastInsertRowid),
    /** Restarts the push's clock (a long push stays live past the grace period while it writes). */
    refresh: (id: number, now: number): void => void refresh.run(now, id),
    finish: (id: number): void => void remove.run(id),
    /** Pushes registered or refreshed at `since` or later (older ones died with their process). */
    liveSince: (since: number): number => (live.get(since) as { n: number }).n,
    /** Forgets the rows older than `before` (pushes killed before they could remove theirs). */
    removeStale: (before: number): number => removeStale.run(before).changes,
    /** The pushes registered by processes of `host`. */
    ofHost: (host: string): Array<{ id: number; pid: number }> => ofHost.all(host),
  };
}

export type GitPushesInFlightTable = ReturnType<typeof createGitPushesInFlightTable>;
