import type { Db } from './open-database.js';

export type AccountKind = 'user' | 'org';

/** A row of `users`: people and organisations share one namespace. */
export interface AccountRecord {
  readonly id: number;
  readonly name: string;
  readonly fullname: string;
  readonly email: string | null;
  readonly kind: AccountKind;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
}

export interface NewAccount {
  readonly name: string;
  readonly fullname: string;
  readonly email: string | null;
  readonly kind: AccountKind;
  readonly createdAt: number;
}

export interface UsersTable {
  /** Returns the new id; throws SQLITE_CONSTRAINT_UNIQUE when the name is taken (any case). */
  insert(account: NewAccount): number;
  /** Case-insensitive, like the Hub's namespaces. */
  byName(name: string): AccountRecord | undefined;
  byId(id: number): AccountRecord | undefined;
  count(kind: AccountKind): number;
  list(kind: AccountKind): AccountRecord[];
  /** Whether a user is marked admin (manages the machine from the UI). */
  isAdmin(id: number): boolean;
  setAdmin(id: number, admin: boolean): void;
}

/** The column names of `users`, for modules that join it. */
export interface AccountRow {
  id: number;
  name: string;
  fullname: string;
  email: string | null;
  kind: AccountKind;
  created_at: number;
}

const COLUMNS = 'id, name, fullname, email, kind, created_at';

export function createUsersTable(db: Db): UsersTable {
  const insert = db.prepare<[string, string, string | null, AccountKind, number]>(
    'INSERT INTO users (name, fullname, email, kind, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const byName = db.prepare<[string], AccountRow>(`SELECT ${COLUMNS} FROM users WHERE name = ? COLLATE NOCASE`);
  const byId = db.prepare<[number], AccountRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  const count = db.prepare<[AccountKind], { n: number }>('SELECT count(*) AS n FROM users WHERE kind = ?');
  const list = db.prepare<[AccountKind], AccountRow>(`SELECT ${COLUMNS} FROM users WHERE kind = ? ORDER BY name COLLATE NOCASE`);
  const isAdmin = db.prepare<[number], number>("SELECT admin FROM users WHERE id = ? AND kind = 'user'").pluck();
  const setAdmin = db.prepare<[number, number]>("UPDATE users SET admin = ? WHERE id = ? AND kind = 'user'");

  return {
    insert: (account) =>
      Number(insert.run(account.name, account.fullname, account.email, account.kind, account.createdAt).lastInsertRowid),
    byName: (name) => toRecord(byName.get(name)),
    byId: (id) => toRecord(byId.get(id)),
    count: (kind) => count.get(kind)?.n ?? 0,
    list: (kind) => list.all(kind).map((row) => accountFromRow(row)),
    isAdmin: (id) => isAdmin.get(id) === 1,
    setAdmin: (id, admin) => {
      setAdmin.run(admin ? 1 : 0, id);
    },
  };
}

export function accountFromRow(row: AccountRow): AccountRecord {
  return { id: row.id, name: row.name, fullname: row.fullname, email: row.email, kind: row.kind, createdAt: row.created_at };
}

function toRecord(row: AccountRow | undefined): AccountRecord | undefined {
  return row === undefined ? undefined : accountFromRow(row);
}
