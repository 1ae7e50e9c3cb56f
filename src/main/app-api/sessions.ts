import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionInfo } from '../../shared/app-api.js';
import type { Accounts } from '../accounts/index.js';
import { SessionSigner, type SessionGrant } from './session-signer.js';

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
const SIGN_IN_CODE_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_FILE = 'session.key';

export interface SessionsOptions {
  readonly dataDir: string;
  readonly accounts: Accounts;
  /** The name the UI shows for the machine owner. */
  readonly ownerName: () => string;
  readonly now?: () => number;
}

export interface SignedIn {
  /** The value of the session cookie. */
  readonly cookie: string;
  readonly session: SessionInfo;
}

/** UI sessions: one-time sign-in codes, hub-token sign-in, and signed session cookies. */
export interface Sessions {
  /** A new one-time code for the sign-in URL `hubkeeper serve` prints; valid for a day. */
  createSignInCode(): string;
  signInWithCode(code: string): SignedIn | undefined;
  signInWithToken(token: string): SignedIn | undefined;
  /** What a cookie value grants now; a token session ends when its token is revoked. */
  check(cookie: string): SessionInfo | undefined;
  /** A session cookie value for the machine owner, for the desktop shell to set itself. */
  ownerCookie(): string;
}

export function createSessions(options: SessionsOptions): Sessions {
  const now = options.now ?? Date.now;
  const signer = new SessionSigner(loadOrCreateKey(options.dataDir));
  // Only hashes are kept, so a heap dump does not hand out sign-in links.
  const codes = new Map<string, number>();

  function describe(grant: SessionGrant): SessionInfo | undefined {
    if (grant.kind === 'owner') return { user: options.ownerName(), via: 'link', role: 'owner', canWrite: true };
    let tokens;
    try {
      tokens = options.accounts.listTokens(grant.user);
    } catch {
      return undefined;
    }
    const token = tokens.find((candidate) => candidate.id === grant.tokenId);
    if (!token) return undefined;
    return { user: grant.user, via: 'token', role: options.accounts.isAdmin(grant.user) ? 'owner' : 'user', canWrite: token.role !== 'read' };
  }

  function issue(grant: SessionGrant): SignedIn | undefined {
    const session = describe(grant);
    if (!session) return undefined;
    return { cookie: signer.sign(grant, now() + SESSION_MAX_AGE_SECONDS * 1000), session };
  }

  return {
    createSignInCode() {
      for (const [hash, expires] of codes) if (expires <= now()) codes.delete(hash);
      const code = randomBytes(24).toString('base64url');
      codes.set(hashCode(code), now() + SIGN_IN_CODE_TTL_MS);
      return code;
    },
    signInWithCode(code) {
      const hash = hashCode(code);
      const expires = codes.get(hash);
      if (expires === undefined) return undefined;
      codes.delete(hash);
      return expires > now() ? issue({ kind: 'owner' }) : undefined;
    },
    signInWithToken(token) {
      const principal = options.accounts.authenticate(token);
      if (!principal) return undefined;
      return issue({ kind: 'token', user: principal.user.name, tokenId: principal.token.id });
    },
    check(cookie) {
      const grant = signer.verify(cookie, now());
      return grant === undefined ? undefined : describe(grant);
    },
    ownerCookie() {
      return signer.sign({ kind: 'owner' }, now() + SESSION_MAX_AGE_SECONDS * 1000);
    },
  };
}

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** The HMAC key in the data folder (created once, owner-only); deleting it signs everyone out. */
function loadOrCreateKey(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE);
  try {
    writeFileSync(path, randomBytes(32), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(path);
  if (key.length < 32) throw new Error(`${path} is damaged; delete it to sign every UI session out and start again`);
  return key;
}
