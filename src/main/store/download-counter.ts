import { createRepoDownloadsTable, type RepoDownloadsTable } from '../db/index.js';
import type { StoreContext } from './store-context.js';

/** Requests of one session within this long of each other are one download. */
export const DOWNLOAD_SESSION_WINDOW_MS = 10 * 60 * 1000;

/**
 * Download counts with session de-duplication: the first request of a session (IP + user agent,
 * say) counts, and further requests count again only after the session has been quiet for a
 * whole window, so a snapshot of many files is one download. Sessions live in memory; only a
 * counted download writes to the database.
 */
export class DownloadCounter {
  private readonly table: RepoDownloadsTable;
  /** "repoId\nsessionKey" → last request time, least recent first. */
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly ctx: StoreContext,
    private readonly windowMs = DOWNLOAD_SESSION_WINDOW_MS,
  ) {
    this.table = createRepoDownloadsTable(ctx.db);
  }

  /** Records a request; true when it counted as a new download. */
  count(repoId: number, sessionKey: string): boolean {
    const now = this.ctx.now();
    this.forgetQuietSessions(now);
    const key = `${repoId}\n${sessionKey}`;
    const last = this.sessions.get(key);
    this.sessions.delete(key);
    this.sessions.set(key, now);
    if (last !== undefined && now - last < this.windowMs) return false;
    try {
      this.table.increment(repoId, now);
    } catch (error) {
      // The repo was deleted while its file was being served: nothing left to count.
      if (isForeignKeyViolation(error)) return false;
      throw error;
    }
    return true;
  }

  total(repoId: number): number {
    return this.table.get(repoId);
  }

  private forgetQuietSessions(now: number): void {
    for (const [key, last] of this.sessions) {
      if (now - last < this.windowMs) return;
      this.sessions.delete(key);
    }
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
