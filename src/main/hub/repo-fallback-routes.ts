import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { loadRepo, repoNotFound } from './repo-access.js';
import type { HubDeps } from './hub-deps.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import { WEB_PREFIXES } from './write-params.js';

/**
 * Repo-scoped URLs no other route takes, answered as HF does: an id with one segment
 * (`/api/models/gpt2`, `/gpt2/resolve/main/config.json`) or a missing repo is RepoNotFound, the
 * same for a private repo the caller may not see; an unknown sub-route of a readable repo is
 * NotFound. Registered with the same parametric shape as the real routes, so the router only
 * falls back here when none of them matches.
 */
export function registerRepoFallbackRoutes(app: FastifyInstance, deps: HubDeps): void {
  void app.register((scope, _options, done) => {
    // Any body, of any type, is irrelevant here and must not turn the answer into a 415.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));

    scope.all('/api/:rts/:ns', (request) => {
      apiRepoType(request);
      throw repoNotFound(request);
    });
    scope.all('/api/:rts/:ns/:name/*', (request) => {
      const params = request.params as { ns: string; name: string };
      loadRepo(deps, request, apiRepoType(request), params.ns, params.name, 'read');
      throw new AppError('NotFound', 'Not found');
    });
    for (const [prefix] of WEB_PREFIXES) {
      // One level below the revision only: deeper, the pattern would take `{ns}/resolve/...` URLs
      // of a real repo named "resolve" or "raw".
      for (const mode of ['resolve', 'raw']) {
        scope.route({
          method: ['GET', 'HEAD'],
          url: `/${prefix}:ns/${mode}/:rev/:file`,
          exposeHeadRoute: false,
          handler: (request) => {
            throw repoNotFound(request);
          },
        });
      }
    }
    done();
  });
}

/** The repo type of the URL; 404 NotFound naming an unknown one (`kernels`, ...). */
function apiRepoType(request: FastifyRequest): ReturnType<typeof repoTypeFromPlural> {
  return repoTypeFromPlural((request.params as { rts: string }).rts);
}
