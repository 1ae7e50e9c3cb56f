import { AppError } from '../../shared/errors.js';
import { RESERVED_NAMESPACES, nameProblem } from '../../shared/repo-id.js';
import { weakerRole, type Role } from '../../shared/roles.js';
import { isTokenFormat } from '../../shared/token-format.js';
import {
  createOrgMembersTable,
  createTokensTable,
  createUsersTable,
  type AccountRecord,
  type Db,
  type TokenRecord,
} from '../db/index.js';
import { ReadCache } from '../db/index.js';
import { generateToken, hashToken } from './token-secret.js';
import type { Membership, NewTokenOptions, Org, OrgProfile, OwnedTokenInfo, Principal, TokenInfo, User, UserProfile } from './types.js';

export interface Accounts {
  createUser(name: string, profile?: UserProfile): User;
  getUser(name: string): User | undefined;
  listUsers(): User[];
  /** Whether a user is marked admin; false for unknown names. */
  isAdmin(userName: string): boolean;
  setAdmin(userName: string, admin: boolean): void;
  createOrg(name: string, profile?: OrgProfile): Org;
  getOrg(name: string): Org | undefined;
  /** Adds a member, or changes an existing member's role. */
  addMember(orgName: string, userName: string, role: Role): void;
  removeMember(orgName: string, userName: string): boolean;
  membershipsOf(userName: string): Membership[];
  /** Creates a token and returns its plain value: the only time it is ever available. */
  createToken(userName: string, options: NewTokenOptions): string;
  /** Registers a token chosen elsewhere (bootstrap, tests). Idempotent for the same user. */
  importToken(userName: string, plainToken: string, role: Role, displayName: string): TokenInfo;
  listTokens(userName: string): TokenInfo[];
  /** Every user's tokens, by user name. */
  listAllTokens(): OwnedTokenInfo[];
  /** A user's token named by its id or its display name; NotFound, or Conflict when several share the name. */
  findToken(userName: string, idOrName: string): TokenInfo;
  /** Deletes a token: it stops working at once, on every route and every UI session made with it. */
  revokeToken(userName: string, tokenId: number): boolean;
  /** The caller behind a token, or undefined for an unknown, malformed or revoked one. */
  authenticate(plainToken: string): Principal | undefined;
  /** The role a caller has over a namespace (their own, or an org's), capped by the token's role. */
  namespaceRole(principal: Principal, namespace: string): Role | undefined;
  /** Creates the first user with a write token when there are no users yet; true if it did. */
  bootstrap(userName: string, plainToken: string): boolean;
}

export interface AccountsOptions {
  /** Clock, injectable for tests. */
  readonly now?: () => number;
}

// Recording every use would turn each authenticated read into a disk write.
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_DISPLAY_NAME = 100;

export function createAccounts(db: Db, options: AccountsOptions = {}): Accounts {
  const now = options.now ?? Date.now;
  const users = createUsersTable(db);
  const members = createOrgMembersTable(db);
  const tokens = createTokensTable(db);
  // Every authenticated request looks its token up; the answer holds until the database changes.
  const reads = new ReadCache(db, 1000);

  function requireAccount(name: string, kind: 'user' | 'org'): AccountRecord {
    const record = users.byName(name);
    if (record?.kind !== kind) throw new AppError('BadRequest', `Unknown ${kind === 'user' ? 'user' : 'organization'} "${name}"`);
    return record;
  }

  function insertAccount(name: string, kind: 'user' | 'org', fullname: string, email: string | null): AccountRecord {
    const problem = nameProblem(name) ?? (RESERVED_NAMESPACES.has(name.toLowerCase()) ? 'the name is reserved' : undefined);
    if (problem) throw new AppError('BadRequest', `Invalid ${kind === 'user' ? 'user' : 'organization'} name "${name}": ${problem}`);
    return db
      .transaction(() => {
        if (users.byName(name)) throw new AppError('Conflict', `The name "${name}" is already taken`);
        const id = users.insert({ name, fullname, email, kind, createdAt: now() });
        const record = users.byId(id);
        if (!record) throw new AppError('Internal', `Account "${name}" vanished after insert`);
        return record;
      })
      .immediate();
  }

  function insertToken(userName: string, plainToken: string, role: Role, displayName: string): TokenInfo {
    const label = displayName.trim();
    if (label === '' || label.length > MAX_DISPLAY_NAME) {
      throw new AppError('BadRequest', `A token name must be 1-${MAX_DISPLAY_NAME} characters`);
    }
    const user = requireAccount(userName, 'user');
    const tokenHash = hashToken(plainToken);
    return db
      .transaction(() => {
        const existing = tokens.byHash(tokenHash);
        if (existing) {
          // The message must not help anyone probe which tokens exist for other users.
          if (existing.owner.id !== user.id) throw new AppError('Conflict', 'This token cannot be used');
          return toTokenInfo(existing.token);
        }
        const lastFour = plainToken.slice(-4);
        const record: TokenRecord = { id: 0, userId: user.id, displayName: label, role, createdAt: now(), lastUsedAt: null, lastFour };
        const id = tokens.insert({ userId: user.id, tokenHash, displayName: label, role, createdAt: record.createdAt, lastFour });
        return toTokenInfo({ ...record, id });
      })
      .immediate();
  }

  const accounts: Accounts = {
    createUser: (name, profile = {}) =>
      db
        .transaction(() => {
          const record = insertAccount(name, 'user', profile.fullname ?? name, profile.email ?? null);
          if (profile.admin === true) users.setAdmin(record.id, true);
          return toUser(record);
        })
        .immediate(),

    getUser: (name) => {
      const record = users.byName(name);
      return record?.kind === 'user' ? toUser(record) : undefined;
    },

    listUsers: () => users.list('user').map(toUser),

    isAdmin: (userName) => {
      const record = users.byName(userName);
      return record?.kind === 'user' && users.isAdmin(record.id);
    },

    setAdmin: (userName, admin) => {
      users.setAdmin(requireAccount(userName, 'user').id, admin);
    },

    createOrg: (name, profile = {}) => toOrg(insertAccount(name, 'org', profile.fullname ?? name, null)),

    getOrg: (name) => {
      const record = users.byName(name);
      return record?.kind === 'org' ? toOrg(record) : undefined;
    },

    addMember: (orgName, userName, role) => {
      members.upsert(requireAccount(orgName, 'org').id, requireAccount(userName, 'user').id, role);
    },

    removeMember: (orgName, userName) => members.remove(requireAccount(orgName, 'org').id, requireAccount(userName, 'user').id),

    membershipsOf: (userName) =>
      members.orgsOf(requireAccount(userName, 'user').id).map((m) => ({ org: toOrg(m.org), role: m.role })),

    createToken: (userName, { role, displayName }) => {
      const plain = generateToken();
      insertToken(userName, plain, role, displayName);
      return plain;
    },

    importToken: (userName, plainToken, role, displayName) => {
      if (!isTokenFormat(plainToken)) {
        throw new AppError('BadRequest', 'A token must be "hf_" followed by at least 8 letters, digits, "_" or "-"');
      }
      return insertToken(userName, plainToken, role, displayName);
    },

    listTokens: (userName) => tokens.listForUser(requireAccount(userName, 'user').id).map(toTokenInfo),

    listAllTokens: () => tokens.listAll().map((record) => ({ ...toTokenInfo(record), user: record.userName })),

    findToken: (userName, idOrName) => {
      const owned = accounts.listTokens(userName);
      const byId = /^\d+$/.test(idOrName) ? owned.find((token) => token.id === Number(idOrName)) : undefined;
      if (byId) return byId;
      const named = owned.filter((token) => token.displayName === idOrName);
      const [only] = named;
      if (only === undefined) throw new AppError('NotFound', `${userName} has no token named or numbered "${idOrName}"`);
      if (named.length > 1) {
        throw new AppError('Conflict', `${userName} has ${named.length} tokens named "${idOrName}"; name one by its id (${named.map((token) => token.id).join(', ')})`);
      }
      return only;
    },

    revokeToken: (userName, tokenId) => tokens.delete(tokenId, requireAccount(userName, 'user').id),

    authenticate: (plainToken) => {
      if (!isTokenFormat(plainToken)) return undefined;
      const tokenHash = hashToken(plainToken);
      const found = reads.get(`token ${tokenHash}`, () => tokens.byHash(tokenHash));
      if (found?.owner.kind !== 'user') return undefined;
      let token = found.token;
      const at = now();
      if (token.lastUsedAt === null || at - token.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
        tokens.touch(token.id, at);
        token = { ...token, lastUsedAt: at };
      }
      return { user: toUser(found.owner), token: toTokenInfo(token) };
    },

    namespaceRole: (principal, namespace) => {
      if (namespace.toLowerCase() === principal.user.name.toLowerCase()) return principal.token.role;
      const org = users.byName(namespace);
      if (org?.kind !== 'org') return undefined;
      const role = members.roleOf(org.id, principal.user.id);
      return role === undefined ? undefined : weakerRole(role, principal.token.role);
    },

    bootstrap: (userName, plainToken) =>
      db
        .transaction(() => {
          if (users.count('user') > 0) return false;
          accounts.createUser(userName);
          accounts.importToken(userName, plainToken, 'write', 'bootstrap');
          return true;
        })
        .immediate(),
  };
  return accounts;
}

function toUser(record: AccountRecord): User {
  return { id: record.id, name: record.name, fullname: record.fullname, email: record.email, createdAt: new Date(record.createdAt) };
}

function toOrg(record: AccountRecord): Org {
  return { id: record.id, name: record.name, fullname: record.fullname, createdAt: new Date(record.createdAt) };
}

function toTokenInfo(record: TokenRecord): TokenInfo {
  return {
    id: record.id,
    displayName: record.displayName,
    role: record.role,
    createdAt: new Date(record.createdAt),
    lastUsedAt: record.lastUsedAt === null ? null : new Date(record.lastUsedAt),
    lastFour: record.lastFour,
  };
}
