import type { FastifyPluginCallback } from 'fastify';
import { sendError, toErrorReply } from '../http/index.js';
import { registerAccessRequestRoutes } from './access-request-routes.js';
import { registerCollectionRoutes } from './collection-routes.js';
import { registerDiscussionRoutes } from './discussion-routes.js';
import { RepoMovedError, redirectMoved } from './repo-access.js';
import type { HubDeps } from './hub-deps.js';
import { registerReadRoutes } from './read-routes.js';
import { registerRepoFallbackRoutes } from './repo-fallback-routes.js';
import { registerRepoRoutes } from './repo-routes.js';
import { registerWhoamiRoutes } from './whoami.js';
import { registerWriteRoutes } from './write-routes.js';

export type { HubDeps } from './hub-deps.js';

/** Every HF-compatible route, as one plugin for the HTTP server. */
export function hubRoutes(deps: HubDeps): FastifyPluginCallback {
  return (app, _options, done) => {
    app.setErrorHandler((error, request, reply) => {
      if (error instanceof RepoMovedError) return redirectMoved(request, reply, error);
      const mapped = toErrorReply(error);
      if (mapped.unexpected) request.log.error({ err: error }, 'request failed with an unexpected error');
      return sendError(reply, mapped);
    });
    registerWhoamiRoutes(app, deps.accounts);
    registerRepoRoutes(app, deps);
    registerReadRoutes(app, deps);
    registerWriteRoutes(app, deps);
    registerDiscussionRoutes(app, deps);
    registerAccessRequestRoutes(app, deps);
    registerCollectionRoutes(app, deps);
    registerRepoFallbackRoutes(app, deps);
    done();
  };
}

export { whoami, type WhoamiOrg, type WhoamiResponse } from './whoami.js';
