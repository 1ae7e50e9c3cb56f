import type { Db } from './open-database.js';

/**
 * Remembers query results until the database changes: a write by this connection (SQLite's
 * `total_changes()`) or a commit by another one, such as a CLI command (`PRAGMA data_version`).
 * Our own writes are seen at once (a 0.1 us check); another connection's commits within a
 * millisecond (`data_version` costs over a microsecond, and a read that began a millisecond
 * earlier would not have seen them either). The hub's hottest reads (a repo by name, its size,
 * its download count) cost several times that on every request.
 */
/** How long a check for other connections' commits holds. */
const OTHER_WRITERS_CHECK_MS = 1;

export class ReadCache {
  private readonly dataVersion: () => number;
  private readonly totalChanges: () => number;
  private seenData = -1;
  private seenChanges = -1;
  private dataCheckedAt = Number.NEGATIVE_INFINITY;
  private readonly entries = new Map<string, unknown>();

  constructor(
    db: Db,
    /** Entries kept at most; the cache starts over when full. */
    private readonly capacity = 10_000,
  ) {
    const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.dataVersion = () => dataVersion.get() as number;
    this.totalChanges = () => totalChanges.get() as number;
  }

  /** The value for `key`, computed by `read` unless remembered since the last change. Results must not be mutated. */
  get<T>(key: string, read: () => T): T {
    this.dropIfChanged();
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = read();
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  /** Forgets everything (figures that depend on more than the database, such as usage being recalculated). */
  clear(): void {
    this.entries.clear();
  }

  private dropIfChanged(): void {
    const changes = this.totalChanges();
    const now = performance.now();
    let data = this.seenData;
    if (now - this.dataCheckedAt >= OTHER_WRITERS_CHECK_MS) {
      data = this.dataVersion();
      this.dataCheckedAt = now;
    }
    if (data === this.seenData && changes === this.seenChanges) return;
    this.entries.clear();
    this.seenData = data;
    this.seenChanges = changes;
  }
}
