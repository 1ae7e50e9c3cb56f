import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type SessionInfo } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { readCookie } from './cookies.js';
import type { Sessions } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The UI session behind an app-API request (set by the session guard). */
    appSession: SessionInfo | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionGuardOptions {
  /** Routes (method and route URL) that need no session: signing in. */
  readonly open: ReadonlyArray<{ readonly method: string; readonly url: string }>;
}

/**
 * Every app-API request needs the UI session cookie; state-changing ones also need a JSON body
 * and, when the browser names an Origin, our own. A cross-site form can send neither JSON nor the
 * SameSite=Strict cookie, so no other page can act through a signed-in browser.
 */
export function registerSessionGuard(app: FastifyInstance, sessions: Sessions, options: SessionGuardOptions): void {
  app.decorateRequest('appSession', undefined);
  app.addHook('onRequest', (request, _reply, done) => {
    try {
      guard(request, sessions, options);
      done();
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function guard(request: FastifyRequest, sessions: Sessions, options: SessionGuardOptions): void {
  const changesState = !SAFE_METHODS.has(request.method);
  if (changesState) {
    checkOrigin(request);
    if (!isJson(request.headers['content-type'])) {
      throw new AppError('BadRequest', 'This request must send a JSON body (Content-Type: application/json)', {}, { status: 415 });
    }
  }
  if (options.open.some((route) => route.method === request.method && route.url === request.routeOptions.url)) return;
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  const session = cookie === undefined ? undefined : sessions.check(cookie);
  if (!session) {
    throw new AppError('Unauthorized', 'Sign in to HubKeeper first: open the sign-in link that `hubkeeper serve` printed, or use a hub token');
  }
  if (changesState && !session.canWrite) {
    throw new AppError('Forbidden', 'You signed in with a read-only token; sign in with a write token to change anything');
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
