import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Accounts, Principal } from '../accounts/index.js';
import { AppError } from '../../shared/errors.js';

/** What the Authorization header held: nothing, something we do not know, or a valid token. */
export type CredentialState = 'none' | 'invalid' | 'valid';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, or undefined when anonymous (no token, or a token we do not know). */
    principal: Principal | undefined;
    credentials: CredentialState;
  }
}

export const INVALID_CREDENTIALS = 'Invalid credentials in Authorization header';

/**
 * The token in an Authorization header: `Bearer <token>`, or `Basic base64(user:token)` as git
 * sends it (any user name; the password is the token).
 */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match?.[1] || !match[2]) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme === 'bearer') return match[2];
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(match[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  const password = decoded.slice(colon + 1);
  // Some credential helpers put the token in the user field and leave the password empty.
  return password !== '' ? password : decoded.slice(0, colon) || undefined;
}

/** Resolves the Authorization header into `request.principal` for every request. */
export function registerAuth(app: FastifyInstance, accounts: Accounts): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('credentials', 'none');
  app.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization;
    if (header !== undefined && header !== '') {
      const token = tokenFromAuthorization(header);
      const principal = token === undefined ? undefined : accounts.authenticate(token);
      request.principal = principal;
      request.credentials = principal ? 'valid' : 'invalid';
    }
    done();
  });
}

/** The caller, or 401 when there is no valid token. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('Unauthorized', INVALID_CREDENTIALS);
  return request.principal;
}

/** The caller, when their token may write: 401 without a valid token, 403 for a read token. */
export function requireWrite(request: FastifyRequest): Principal {
  const principal = requirePrincipal(request);
  if (principal.token.role === 'read') {
    throw new AppError('Forbidden', `The token "${principal.token.displayName}" is read-only; this needs a token with the write role`);
  }
  return principal;
}
