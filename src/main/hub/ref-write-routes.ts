import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import { optionalJsonBody, requirePrincipal } from '../http/index.js';
import { loadRepo } from './repo-access.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import type { HubDeps } from './hub-deps.js';
import { repoRouteParams } from './write-params.js';
import { commitIdentity } from '../accounts/index.js';

const branchBody = z.object({
  startingPoint: z.string().nullish(),
  emptyBranch: z.boolean().nullish(),
  overwrite: z.boolean().nullish(),
});
const tagBody = z.object({
  tag: z.string(),
  // Accepted for compatibility; tags here are lightweight.
  message: z.string().nullish(),
});

/** Branch and tag creation and deletion (`/api/{rts}/{ns}/{name}/branch|tag/...`). */
export function registerRefWriteRoutes(app: FastifyInstance, deps: HubDeps): void {
  void app.register((scope, _options, done) => {
    // Python sends DELETE without a body and JS may label an empty body JSON: both mean "{}".
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, parsed) => {
      try {
        parsed(null, optionalJsonBody(body));
      } catch (error) {
        parsed(error as Error, undefined);
      }
    });

    scope.post('/api/:rts/:ns/:name/branch/*', (request) => {
      const { repoId, name } = target(deps, request);
      const body = branchBody.parse(request.body ?? {});
      const empty = body.emptyBranch ?? false;
      if (empty && body.startingPoint) throw new AppError('BadRequest', 'An empty branch cannot have a starting point');
      deps.store.writeBranch(repoId, name, {
        ...(body.startingPoint ? { from: body.startingPoint } : {}),
        empty,
        overwrite: body.overwrite ?? false,
        author: commitIdentity(requirePrincipal(request).user),
      });
      return {};
    });
    scope.delete('/api/:rts/:ns/:name/branch/*', (request) => {
      const { repoId, name } = target(deps, request);
      deps.store.deleteBranch(repoId, name);
      return {};
    });
    scope.post('/api/:rts/:ns/:name/tag/*', (request) => {
      // The path holds the revision to tag; the tag's name is in the body.
      const { repoId, name: revision } = target(deps, request);
      const body = tagBody.parse(request.body ?? {});
      deps.store.createTag(repoId, body.tag, revision === '' ? DEFAULT_BRANCH : revision);
      return {};
    });
    scope.delete('/api/:rts/:ns/:name/tag/*', (request) => {
      const { repoId, name } = target(deps, request);
      deps.store.deleteTag(repoId, name);
      return {};
    });
    done();
  });
}

function target(deps: HubDeps, request: FastifyRequest): { repoId: number; name: string } {
  const params = repoRouteParams(request);
  const repo = loadRepo(deps, request, repoTypeFromPlural(params.rts), params.ns, params.name, 'write');
  return { repoId: repo.id, name: params.tail };
}
