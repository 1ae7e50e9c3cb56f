import type { Role } from '../../shared/roles.js';
import type { Db } from './open-database.js';
import { accountFromRow, type AccountKind, type AccountRecord } from './users-table.js';

/** A stored token. The plain token is never stored, only its sha256. */
export interface TokenRecord {
  readonly id: number;
  readonly userId: number;
  readonly displayName: string;
  readonly role: Role;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  /** The token's last four characters; null for tokens made before they were recorded. */
  readonly lastFour: string | null;
}

/** A token with the name of the user it belongs to. */
export interface OwnedTokenRecord extends TokenRecord {
  readonly userName: string;
}

export interface NewToken {
  readonly userId: number;
  readonly tokenHash: string;
  readonly displayName: string;
  readonly role: Role;
  readonly createdAt: number;
  readonly lastFour: string;
}

export interface TokensTable {
  insert(token: NewToken): number;
  /** The token and its owner, found by the hash of the plain token. */
  byHash(tokenHash: string): { token: TokenRecord; owner: AccountRecord } | undefined;
  listForUser(userId: number): TokenRecord[];
  /** Every user's tokens, by user name then id. */
  listAll(): OwnedTokenRecord[];
  delete(id: number, userId: number): boolean;
  touch(id: number, usedAt: number): void;
}

interface TokenRow {
  id: number;
  user_id: number;
  display_name: string;
  role: Role;
  created_at: number;
  last_used_at: number | null;
  last_four: string | null;
}

interface TokenOwnerRow extends TokenRow {
  owner_name: string;
  owner_fullname: string;
  owner_email: string | null;
  owner_kind: AccountKind;
  owner_created_at: number;
}

const COLUMNS = 't.id, t.user_id, t.display_name, t.role, t.created_at, t.last_used_at, t.last_four';

export function createTokensTable(db: Db): TokensTable {
  const insert = db.prepare<[number, string, string, Role, number, string]>(
    'INSERT INTO tokens (user_id, token_hash, display_name, role, created_at, last_four) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare<[string], TokenOwnerRow>(
    `SELECT ${COLUMNS}, u.name AS owner_name, u.fullname AS owner_fullname, u.email AS owner_email,
            u.kind AS owner_kind, u.created_at AS owner_created_at
       FROM tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ?`,
  );
  const listForUser = db.prepare<[number], TokenRow>(`SELECT ${COLUMNS} FROM tokens t WHERE t.user_id = ? ORDER BY t.id`);
  const listAll = db.prepare<[], TokenRow & { user_name: string }>(
    `SELECT ${COLUMNS}, u.name AS user_name FROM tokens t JOIN users u ON u.id = t.user_id ORDER BY u.name COLLATE NOCASE, t.id`,
  );
  const remove = db.prepare<[number, number]>('DELETE FROM tokens WHERE id = ? AND user_id = ?');
  const touch = db.prepare<[number, number]>('UPDATE tokens SET last_used_at = ? WHERE id = ?');

  return {
    insert: (token) =>
      Number(insert.run(token.userId, token.tokenHash, token.displayName, token.role, token.createdAt, token.lastFour).lastInsertRowid),
    byHash: (tokenHash) => {
      const row = byHash.get(tokenHash);
      if (row === undefined) return undefined;
      const owner = accountFromRow({
        id: row.user_id,
        name: row.owner_name,
        fullname: row.owner_fullname,
        email: row.owner_email,
        kind: row.owner_kind,
        created_at: row.owner_created_at,
      });
      return { token: fromRow(row), owner };
    },
    listForUser: (userId) => listForUser.all(userId).map((row) => fromRow(row)),
    listAll: () => listAll.all().map((row) => ({ ...fromRow(row), userName: row.user_name })),
    delete: (id, userId) => remove.run(id, userId).changes > 0,
    touch: (id, usedAt) => {
      touch.run(usedAt, id);
    },
  };
}

function fromRow(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    lastFour: row.last_four,
  };
}
