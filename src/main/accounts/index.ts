export { createAccounts, type Accounts, type AccountsOptions } from './accounts.js';
export { generateToken, hashToken } from './token-secret.js';
export type { Membership, NewTokenOptions, Org, OrgProfile, OwnedTokenInfo, Principal, TokenInfo, User, UserProfile } from './types.js';
export { ROLES, isRole, roleAllows, type Role } from '../../shared/roles.js';
export { commitIdentity } from './commit-identity.js';
