import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TokenSummary, TokensResponse } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import type { Accounts, TokenInfo } from '../accounts/index.js';
import { OWNER_ONLY, SIGNED_IN } from './route-access.js';
import { requireSession } from './session-guard.js';

const tokenId = z.string().regex(/^\d{1,15}$/, 'a token id is a number').transform(Number);
const ownParams = z.strictObject({ id: tokenId });
const anyParams = z.strictObject({ user: z.string().min(1).max(100), id: tokenId });

/**
 * The Tokens screen: every session lists and revokes its own user's tokens; the owner lists and
 * revokes everyone's. A revoked token stops working at once, and so do UI sessions made with it.
 */
export function registerTokenRoutes(app: FastifyInstance, accounts: Accounts): void {
  app.get('/tokens', SIGNED_IN, (request): TokensResponse => {
    const { user } = requireSession(request);
    // The owner's link session may name a user that does not exist yet (a hub without users).
    if (!accounts.getUser(user)) return { tokens: [] };
    return { tokens: accounts.listTokens(user).map((token) => summary(token, user)) };
  });

  app.delete('/tokens/:id', SIGNED_IN, (request) => {
    const { user } = requireSession(request);
    const { id } = ownParams.parse(request.params);
    if (!accounts.getUser(user) || !accounts.revokeToken(user, id)) throw new AppError('NotFound', `You have no token ${id}`);
    return { revoked: true };
  });

  app.get('/users/tokens', OWNER_ONLY, (): TokensResponse => ({
    tokens: accounts.listAllTokens().map((token) => summary(token, token.user)),
  }));

  app.delete('/users/:user/tokens/:id', OWNER_ONLY, (request) => {
    const { user, id } = anyParams.parse(request.params);
    if (!accounts.getUser(user) || !accounts.revokeToken(user, id)) throw new AppError('NotFound', `${user} has no token ${id}`);
    return { revoked: true };
  });
}

function summary(token: TokenInfo, user: string): TokenSummary {
  return {
    id: token.id,
    user,
    name: token.displayName,
    role: token.role,
    createdAt: token.createdAt.getTime(),
    lastUsedAt: token.lastUsedAt?.getTime() ?? null,
    lastFour: token.lastFour,
  };
}
