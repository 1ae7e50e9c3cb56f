import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from '../http/index.js';

export const XET_UNSUPPORTED = 'Xet storage not supported by this hub; set HF_HUB_DISABLE_XET=1';

/**
 * HF API families this hub does not serve: each prefix answers 501 NotImplemented, saying so,
 * for every method and sub-path (inference itself lives on other hosts the clients call directly).
 */
const UNSUPPORTED_FAMILIES: ReadonlyArray<readonly [prefix: string, what: string, subPaths: boolean]> = [
  ['/api/settings/webhooks', 'Webhooks are', true],
  ['/api/inference-endpoints', 'Inference Endpoints are', true],
  ['/api/billing', 'Billing is', true],
  ['/api/jobs', 'Jobs are', true],
  ['/api/scheduled-jobs', 'Scheduled jobs are', true],
  // Exact only: a user may be called "hardware", and /api/spaces/hardware/{name} is their Space.
  ['/api/spaces/hardware', 'Space hardware is', false],
  ['/api/buckets', 'Storage buckets are', true],
  ['/api/papers', 'Papers are', true],
];
/** What runs a Space (hardware, runtime, secrets, ...): the repo is served, not the app. */
const SPACE_RUNTIME_ROUTES = ['hardware', 'runtime', 'sleeptime', 'restart', 'pause', 'secrets', 'variables', 'logs', 'volumes', 'dev-mode'];

/**
 * Routes clients probe that HubKeeper answers with 501 on purpose: Xet tokens (Python >= 1.20
 * uploads through Xet unless HF_HUB_DISABLE_XET=1) and the API families listed above.
 */
export function registerUnsupportedRoutes(app: FastifyInstance): void {
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
    for (const kind of ['xet-write-token', 'xet-read-token']) {
      scope.get(`/api/:rts/:ns/:name/${kind}/*`, (_request, reply) => notImplemented(reply, XET_UNSUPPORTED));
    }
    for (const [prefix, what, subPaths] of UNSUPPORTED_FAMILIES) {
      const message = `${what} not supported by this hub`;
      scope.all(prefix, (_request, reply) => notImplemented(reply, message));
      if (subPaths) scope.all(`${prefix}/*`, (_request, reply) => notImplemented(reply, message));
    }
    for (const route of SPACE_RUNTIME_ROUTES) {
      const message = 'Running Spaces (hardware, runtime, secrets, variables, logs) is not supported by this hub: it stores Space repos only';
      scope.all(`/api/spaces/:ns/:name/${route}`, (_request, reply) => notImplemented(reply, message));
      scope.all(`/api/spaces/:ns/:name/${route}/*`, (_request, reply) => notImplemented(reply, message));
    }
    done();
  });
}

/** A planned 501: sent directly, so it is not logged as a server failure. */
function notImplemented(reply: FastifyReply, message: string): FastifyReply {
  return sendError(reply, { status: 501, code: 'NotImplemented', message, extra: { message }, unexpected: false });
}
