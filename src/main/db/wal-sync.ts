import { open } from 'node:fs/promises';
import type { Db } from './open-database.js';

/**
 * Group commit for a connection opened with `synchronous: 'normal'`: `sync()` fsyncs the WAL on
 * libuv's thread pool, so every transaction this connection committed before the call is on disk
 * when it resolves, as `synchronous = FULL` would have made it, but without the event loop
 * waiting on the disk inside each COMMIT. Calls made while an fsync runs share the next one.
 *
 * WAL with NORMAL survives a process crash as is (the frames are in the OS's page cache); only a
 * power loss or OS crash can lose transactions not yet synced, and a checkpoint syncs the WAL
 * before it copies frames into the database, so a frame is on disk in one or the other.
 */
export class WalSync {
  private readonly totalChanges: () => number;
  /** `total_changes()` covered by the last completed fsync. */
  private synced: number;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    db: Db,
    /** The database file; its WAL is `<file>-wal`. */
    private readonly file: string,
  ) {
    const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
    this.totalChanges = () => totalChanges.get() as number;
    this.synced = this.totalChanges();
  }

  /** True when this connection changed rows since the last completed sync. */
  pending(): boolean {
    return this.totalChanges() !== this.synced;
  }

  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void> {
    if (this.next) return this.next;
    if (!this.running) return this.start();
    // The running fsync may have begun before the caller's commit: wait for it, then one more.
    this.next = this.running.then(() => {
      this.next = undefined;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<void> {
    const covers = this.totalChanges();
    const run = this.fsyncWal().then(() => {
      if (covers > this.synced) this.synced = covers;
    });
    // Settles either way, so that waiting on it never leaves a rejection unhandled; the caller gets `run`.
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.running = settled;
    void settled.then(() => {
      if (this.running === settled) this.running = undefined;
    });
    return run;
  }

  private async fsyncWal(): Promise<void> {
    let handle;
    try {
      handle = await open(`${this.file}-wal`, 'r');
    } catch (error) {
      // No WAL: nothing was written since the last connection closed (which checkpoints and syncs).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
