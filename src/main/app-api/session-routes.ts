import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { APP_API_PREFIX, SESSION_COOKIE, type SessionInfo } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { sessionCookieHeader } from './cookies.js';
import { requireSession } from './session-guard.js';
import { SESSION_MAX_AGE_SECONDS, type Sessions } from './sessions.js';
import { OPEN, SIGNED_IN } from './route-access.js';

const signInBody = z.union([
  z.strictObject({ code: z.string().min(1).max(200) }),
  z.strictObject({ token: z.string().min(1).max(300) }),
]);

/** The cookie covers the app API only; the HF routes keep using tokens. */
const COOKIE_PATH = APP_API_PREFIX;

/** Sign in (one-time link code or hub token), who am I, sign out. */
export function registerSessionRoutes(app: FastifyInstance, sessions: Sessions): void {
  app.post('/session', OPEN, (request, reply): SessionInfo => {
    const body = signInBody.parse(request.body);
    const signedIn = 'code' in body ? sessions.signInWithCode(body.code) : sessions.signInWithToken(body.token);
    if (!signedIn) {
      throw new AppError(
        'Unauthorized',
        'code' in body
          ? 'This sign-in link has been used or has expired; run `hubkeeper serve` again for a new one'
          : 'This token is not valid on this hub',
      );
    }
    reply.header('set-cookie', sessionCookieHeader(SESSION_COOKIE, signedIn.cookie, { maxAge: SESSION_MAX_AGE_SECONDS, path: COOKIE_PATH }));
    return signedIn.session;
  });

  app.get('/session', SIGNED_IN, (request): SessionInfo => requireSession(request));

  app.delete('/session', OPEN, (_request, reply) => {
    reply.header('set-cookie', sessionCookieHeader(SESSION_COOKIE, '', { maxAge: 0, path: COOKIE_PATH }));
    return { signedOut: true };
  });
}
