import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Apply migrations up to this version only (tests of a migration start from an older schema). */
  readonly upTo?: number;
  readonly readonly?: boolean;
  /**
   * `full` (the default) fsyncs the WAL inside every COMMIT. `normal` leaves that to the owner of
   * the connection, who must call `WalSync.sync()` before acknowledging a write (the server does,
   * for every write request): a process crash loses nothing either way, a power loss only what
   * nobody was told was saved.
   */
  readonly synchronous?: 'full' | 'normal';
}

/**
 * Opens (creating if needed) the SQLite database, sets WAL + foreign keys, refuses a database
 * written by a newer HubKeeper, and applies pending migrations, each in its own transaction.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.upTo ?? SCHEMA_VERSION);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Runs `write` in an immediate transaction whose COMMIT is on disk when it returns, whatever the
 * connection's `synchronous` setting: for a write that files are deleted after (garbage
 * collection), which a power loss must not roll back once they are gone.
 */
export function durableTransaction<T>(db: Db, write: () => T): T {
  const previous = db.pragma('synchronous', { simple: true }) as number;
  if (previous >= 2) return db.transaction(write).immediate();
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(write).immediate();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}

/**
 * Runs `write` in an immediate transaction whose COMMIT does not wait for the disk, whatever the
 * connection's `synchronous` setting: for writes that are done again when lost (what a catalog
 * refresh read from a hub). A process crash loses nothing and a power loss can only undo it (WAL),
 * while a FULL connection would fsync on every one of the many small commits of a refresh. Inside
 * a transaction already, it is part of that one.
 */
export function redoableTransaction<T>(db: Db, write: () => T): T {
  if (db.inTransaction) return db.transaction(write)();
  const previous = db.pragma('synchronous', { simple: true }) as number;
  if (previous <= 1) return db.transaction(write).immediate();
  db.pragma('synchronous = NORMAL');
  try {
    return db.transaction(write).immediate();
  } finally {
    db.pragma(`synchronous = ${previous}`);
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, target: number): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new AppError(
      'SchemaTooNew',
      `The database was written by a newer HubKeeper (schema ${current}, this version knows ${SCHEMA_VERSION}). ` +
        'Upgrade HubKeeper or use another data directory.',
    );
  }
  const pending = MIGRATIONS.filter((m) => m.version > current && m.version <= target);
  for (const migration of pending) applyMigration(db, migration);
}

function applyMigration(db: Db, migration: Migration): void {
  db.transaction(() => {
    db.exec(migration.sql);
    db.pragma(`user_version = ${migration.version}`);
  }).immediate();
}
