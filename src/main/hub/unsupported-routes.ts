import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from '../http/index.js';
import { WEB_PREFIXES } from './write-params.js';

export const XET_UNSUPPORTED = 'Xet storage not supported by this hub; set HF_HUB_DISABLE_XET=1';
const LOCKS_UNSUPPORTED = 'File locking is not supported by this hub';

/**
 * Routes clients probe that HubKeeper answers with 501 on purpose: Xet tokens (Python >= 1.20
 * uploads through Xet unless HF_HUB_DISABLE_XET=1) and git-lfs locks (git-lfs then turns
 * lock verification off and pushes).
 */
export function registerUnsupportedRoutes(app: FastifyInstance): void {
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
    for (const kind of ['xet-write-token', 'xet-read-token']) {
      scope.get(`/api/:rts/:ns/:name/${kind}/*`, (_request, reply) => notImplemented(reply, XET_UNSUPPORTED));
    }
    for (const [prefix] of WEB_PREFIXES) {
      scope.all(`/${prefix}:ns/:name.git/info/lfs/locks`, (_request, reply) => notImplemented(reply, LOCKS_UNSUPPORTED));
      scope.all(`/${prefix}:ns/:name.git/info/lfs/locks/*`, (_request, reply) => notImplemented(reply, LOCKS_UNSUPPORTED));
    }
    done();
  });
}

/** A planned 501: sent directly, so it is not logged as a server failure. */
function notImplemented(reply: FastifyReply, message: string): FastifyReply {
  return sendError(reply, { status: 501, code: 'NotImplemented', message, extra: { message }, unexpected: false });
}
