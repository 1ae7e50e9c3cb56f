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

interface TokenOwnerRow extends TokenRecord {
  readonly ownerName: string;
  readonly ownerFullname: string;
  readonly ownerEmail: string | null;
  readonly ownerKind: AccountKind;
  readonly ownerCreatedAt: number;
}

/** The columns of a token, named as TokenRecord names them. */
const COLUMNS = `t.id, t.user_id AS userId, t.display_name AS displayName, t.role, t.created_at AS createdAt,
  t.last_used_at AS lastUsedAt, t.last_four AS lastFour`;

export function createTokensTable(db: Db): TokensTable {
  const insert = db.prepare<[number, string, string, Role, number, string]>(
    'INSERT INTO tokens (user_id, token_hash, display_name, role, created_at, last_four) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare<[string], TokenOwnerRow>(
    `SELECT ${COLUMNS}, u.name AS ownerName, u.fullname AS ownerFullname, u.email AS ownerEmail,
            u.kind AS ownerKind, u.created_at AS ownerCreatedAt
       FROM tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = ?`,
  );
  const listForUser = db.prepare<[number], TokenRecord>(`SELECT ${COLUMNS} FROM tokens t WHERE t.user_id = ? ORDER BY t.id`);
  const listAll = db.prepare<[], OwnedTokenRecord>(
    `SELECT ${COLUMNS}, u.name AS userName FROM tokens t JOIN users u ON u.id = t.user_id ORDER BY u.name COLLATE NOCASE, t.id`,
  );
  const remove = db.prepare<[number, number]>('DELETE FROM tokens WHERE id = ? AND user_id = ?');
  const touch = db.prepare<[number, number]>('UPDATE tokens SET last_used_at = ? WHERE id = ?');

  return {
    insert: (token) =>
      Number(insert.run(token.userId, token.tokenHash, token.displayName, token.role, token.createdAt, token.lastFour).lastInsertRowid),
    byHash: (tokenHash) => {
      const row = byHash.get(tokenHash);
      if (row === undefined) return undefined;
      const { ownerName, ownerFullname, ownerEmail, ownerKind, ownerCreatedAt, ...token } = row;
      const owner = accountFromRow({ id: token.userId, name: ownerName, fullname: ownerFullname, email: ownerEmail, kind: ownerKind, created_at: ownerCreatedAt });
      return { token, owner };
    },
    listForUser: (userId) => listForUser.all(userId),
    listAll: () => listAll.all(),
    delete: (id, userId) => remove.run(id, userId).changes > 0,
    touch: (id, usedAt) => {
      touch.run(usedAt, id);
    },
  };
}
