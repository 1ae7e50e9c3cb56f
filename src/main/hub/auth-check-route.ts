import type { FastifyInstance } from 'fastify';
import { assertMayDownload } from './download-access.js';
import type { HubDeps } from './hub-deps.js';
import { loadRepo } from './repo-access.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import { repoRouteParams } from './write-params.js';

/**
 * `GET /api/{rts}/{ns}/{name}/auth-check[/write]` (Python's `HfApi.auth_check`): 200 when the caller
 * may download the repo's files (or write to it); RepoNotFound when they may not see it; GatedRepo
 * when it is gated and they have no access.
 */
export function registerAuthCheckRoute(app: FastifyInstance, deps: HubDeps): void {
  app.get('/api/:rts/:ns/:name/auth-check', (request) => {
    const params = repoRouteParams(request);
    const repo = loadRepo(deps, request, repoTypeFromPlural(params.rts), params.ns, params.name, 'read');
    assertMayDownload(deps, request, repo);
    return {};
  });
  app.get('/api/:rts/:ns/:name/auth-check/write', (request) => {
    const params = repoRouteParams(request);
    loadRepo(deps, request, repoTypeFromPlural(params.rts), params.ns, params.name, 'write');
    return {};
  });
}
