import type { Role } from '../../shared/roles.js';

export interface User {
  readonly id: number;
  readonly name: string;
  readonly fullname: string;
  readonly email: string | null;
  readonly createdAt: Date;
}

export interface Org {
  readonly id: number;
  readonly name: string;
  readonly fullname: string;
  readonly createdAt: Date;
}

export interface Membership {
  readonly org: Org;
  readonly role: Role;
}

/** What is known about a token; never its plain value. */
export interface TokenInfo {
  readonly id: number;
  readonly displayName: string;
  readonly role: Role;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  /** The token's last four characters (to tell tokens apart); null for tokens older than this field. */
  readonly lastFour: string | null;
}

/** A token and the user it belongs to. */
export interface OwnedTokenInfo extends TokenInfo {
  readonly user: string;
}

/** The caller behind a valid token. */
export interface Principal {
  readonly user: User;
  readonly token: TokenInfo;
}

export interface UserProfile {
  readonly fullname?: string;
  readonly email?: string | null;
  /** Marks the user admin: they manage the machine from the UI, as its owner does. */
  readonly admin?: boolean;
}

export interface OrgProfile {
  readonly fullname?: string;
}

export interface NewTokenOptions {
  readonly role: Role;
  readonly displayName: string;
}
