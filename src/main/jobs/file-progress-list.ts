/** One file of a job, as progress events carry it. */
export interface FileProgressEntry {
  readonly path: string;
  readonly done: number;
  readonly total: number;
}

/** Files a progress event lists at most: the ones in flight first, then the latest finished. */
export const MAX_LISTED_FILES = 100;

/**
 * The files of a job that have started, with their bytes, for per-file progress bars. A snapshot
 * can hold 100,000 files, so events list the ones in flight plus the most recently finished,
 * never the whole repo.
 */
export class FileProgressList {
  private readonly active = new Map<string, FileProgressEntry>();
  private readonly finished = new Map<string, FileProgressEntry>();

  update(path: string, done: number, total: number): void {
    const entry = { path, done: Math.min(done, total), total };
    if (done >= total) {
      this.active.delete(path);
      // Re-inserted, so the map's order is finishing order.
      this.finished.delete(path);
      this.finished.set(path, entry);
      while (this.finished.size > MAX_LISTED_FILES) this.finished.delete(this.finished.keys().next().value ?? '');
      return;
    }
    this.finished.delete(path);
    this.active.set(path, entry);
  }

  /** In-flight files in start order, then finished ones, newest first, up to `limit`. */
  entries(limit = MAX_LISTED_FILES): FileProgressEntry[] {
    const list = [...this.active.values()].slice(0, limit);
    const done = [...this.finished.values()].reverse();
    return list.concat(done.slice(0, Math.max(0, limit - list.length)));
  }
}
