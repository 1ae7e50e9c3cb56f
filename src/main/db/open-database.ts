import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Apply migrations up to this version only (tests of a migration start from an older schema). */
  readonly upTo?: number;
  readonly readonly?: boolean;
}

/**
 * Opens (creating if needed) the SQLite database, sets WAL + foreign keys, refuses a database
 * written by a newer HubKeeper, and applies pending migrations, each in its own transaction.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options.upTo ?? SCHEMA_VERSION);
    return db;
  } catch (error) {
    db.close();
    throw error;
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
