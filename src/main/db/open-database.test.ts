import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { openDatabase, schemaVersion, type Db } from './open-database.js';

const SNAPSHOT = new URL('./schema.snapshot.sql', import.meta.url).pathname;

function dumpSchema(db: Db): string {
  const rows = db
    .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all();
  return `${rows.map((row) => `${row.sql.replace(/\s+/g, ' ').trim()};`).join('\n')}\n`;
}

test('the migrated schema matches the committed snapshot (update it deliberately with UPDATE_SNAPSHOTS=1)', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  const schema = dumpSchema(db);
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(SNAPSHOT, schema);
  assert.equal(schema, readFileSync(SNAPSHOT, 'utf8'));
  assert.equal(schemaVersion(db), SCHEMA_VERSION);
  db.close();
});

test('opening sets WAL, foreign keys and full sync', () => {
  const db = openDatabase(join(tempDir(), 'hub.db'));
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  db.close();
});

test('each migration applies on top of the previous version and re-opening is idempotent', () => {
  const file = join(tempDir(), 'hub.db');
  for (const version of [0, ...MIGRATIONS.map((migration) => migration.version)]) {
    const db = openDatabase(file, { upTo: version });
    assert.equal(schemaVersion(db), version);
    db.close();
  }
  const db = openDatabase(file);
  assert.equal(schemaVersion(db), SCHEMA_VERSION);
  db.close();
});

test('a database written by a newer HubKeeper is refused, untouched', () => {
  const file = join(tempDir(), 'hub.db');
  openDatabase(file).close();
  const raw = new Database(file);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  assert.throws(
    () => openDatabase(file),
    (error: unknown) => error instanceof AppError && error.code === 'SchemaTooNew' && /newer HubKeeper/.test(error.message),
  );
  const check = new Database(file);
  assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION + 1);
  check.close();
});
