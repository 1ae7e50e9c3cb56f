import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type SessionInfo } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { readCookie } from './cookies.js';
import { isRouteAccess } from './route-access.js';
import type { Sessions } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The UI session behind an app-API request (set by the session guard). */
    appSession: SessionInfo | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one place app-API access is enforced. Every route declares its access when registered
 * (route-access.ts); an undeclared one is refused to everyone. Routes other than `open` need the
 * UI session cookie, `owner` ones the owner's session. State-changing requests also need a JSON
 * body and, when the browser names an Origin, our own: a cross-site form can send neither JSON nor
 * the SameSite=Strict cookie, so no other page can act through a signed-in browser.
 */
export function registerSessionGuard(app: FastifyInstance, sessions: Sessions): void {
  app.decorateRequest('appSession', undefined);
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      guard(request, sessions);
      done();
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function guard(request: FastifyRequest, sessions: Sessions): void {
  const access: unknown = request.routeOptions.config.access;
  if (!isRouteAccess(access)) throw new AppError('Forbidden', 'This route declares no access, so nobody may use it');
  const changesState = !SAFE_METHODS.has(request.method);
  if (changesState) {
    checkOrigin(request);
    if (!isJson(request.headers['content-type'])) {
      throw new AppError('BadRequest', 'This request must send a JSON body (Content-Type: application/json)', {}, { status: 415 });
    }
  }
  if (access === 'open') return;
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  const session = cookie === undefined ? undefined : sessions.check(cookie);
  if (!session) {
    throw new AppError('Unauthorized', 'Sign in to HubKeeper first: open the sign-in link that `hubkeeper serve` printed, or use a hub token');
  }
  if (changesState && !session.canWrite) {
    throw new AppError('Forbidden', 'You signed in with a read-only token; sign in with a write token to change anything');
  }
  if (access === 'owner' && session.role !== 'owner') {
    throw new AppError(
      'Forbidden',
      "Only this machine's owner can do this (settings, remote hubs, the Hugging Face cache, downloads, other users' tokens); " +
        'sign in with the link `hubkeeper serve` prints, or ask the owner to run `hubkeeper admin set-admin ' + session.user + '`',
    );
  }
  request.appSession = session;
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);
}

function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin !== `http://${request.headers.host ?? ''}`) {
    throw new AppError('Forbidden', `Requests from ${origin} may not change anything here`);
  }
}

/** The session of a request that passed the guard. */
export function requireSession(request: FastifyRequest): SessionInfo {
  if (!request.appSession) throw new AppError('Unauthorized', 'Sign in to HubKeeper first');
  return request.appSession;
}
