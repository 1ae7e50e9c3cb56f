import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, isAppError } from '../../shared/errors.js';
import { optionalJsonBody } from '../http/index.js';

export const LFS_CONTENT_TYPE = 'application/vnd.git-lfs+json';
export const LFS_REALM = 'Basic realm="HubKeeper"';

/** Parses `application/vnd.git-lfs+json` bodies (git-lfs adds "; charset=utf-8") like JSON. */
export function acceptLfsJson(app: FastifyInstance): void {
  app.addContentTypeParser(/^application\/vnd\.git-lfs\+json/i, { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, optionalJsonBody(body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/**
 * Error replies of LFS routes carry `message` (what git-lfs prints) next to `error`, and a 401
 * carries `LFS-Authenticate` so git-lfs asks its credential helper and retries.
 */
export function lfsError(error: unknown, reply: FastifyReply): unknown {
  if (!isAppError(error)) return error;
  if (error.status === 401) reply.header('lfs-authenticate', LFS_REALM);
  return new AppError(error.code, error.message, { ...error.details, message: error.message }, { status: error.status, cause: error });
}

/** Sends a JSON body with the git-lfs media type (git-lfs accepts only it or application/json). */
export function sendLfsJson(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type(LFS_CONTENT_TYPE).send(JSON.stringify(body));
}
