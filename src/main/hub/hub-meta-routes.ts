import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REPO_TYPES, RESERVED_NAMESPACES, nameProblem, type RepoType } from '../../shared/repo-id.js';
import { appVersion } from '../app-info.js';
import type { HubDeps } from './hub-deps.js';
import { readableNamespaces } from './repo-access.js';

const checkNameBody = z.looseObject({
  name: z.string().max(1000),
  type: z.enum(REPO_TYPES).nullish(),
  namespace: z.string().max(1000).nullish(),
});

/** Names that differ only in case or in "-", "_" and "." are easy to confuse: they conflict. */
export function normalizeRepoName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '');
}

/** `GET /api/version` and `POST /api/validate/check-name`. */
export function registerHubMetaRoutes(app: FastifyInstance, deps: HubDeps): void {
  const version = appVersion();
  app.get('/api/version', () => ({ name: 'HubKeeper', version, api: 'huggingface-compatible' }));

  app.post('/api/validate/check-name', (request) => {
    const body = checkNameBody.parse(request.body);
    const type = body.type ?? 'model';
    const namespace = body.namespace ?? request.principal?.user.name ?? null;
    const problems: string[] = [];
    const repoProblem = nameProblem(body.name);
    if (repoProblem) problems.push(`The name ${repoProblem}`);
    if (namespace !== null) {
      const namespaceProblem = nameProblem(namespace) ?? (RESERVED_NAMESPACES.has(namespace.toLowerCase()) ? 'is reserved' : undefined);
      if (namespaceProblem) problems.push(`The namespace ${namespaceProblem}`);
    }
    const conflict = namespace !== null && problems.length === 0 ? findConflict(deps, request, type, namespace, body.name) : undefined;
    const available = problems.length === 0 && conflict === undefined;
    return {
      name: body.name,
      namespace,
      type,
      available,
      normalized: normalizeRepoName(body.name),
      problems,
      conflict: conflict ?? null,
      message: available
        ? 'The name is available'
        : (problems[0] ??
          `It conflicts with the ${type} ${conflict?.id ?? ''}: names that differ only in case or in "-", "_" and "." are not allowed`),
    };
  });
}

/** A visible repo of the namespace whose name normalises to the same as `name`. */
function findConflict(
  deps: HubDeps,
  request: FastifyRequest,
  type: RepoType,
  namespace: string,
  name: string,
): { id: string; type: RepoType } | undefined {
  const wanted = normalizeRepoName(name);
  let cursor: string | undefined;
  do {
    const page = deps.store.searchRepos({
      type, readableNamespaces: readableNamespaces(deps, request), author: namespace, sort: 'id', descending: false, limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    const hit = page.repos.find((repo) => normalizeRepoName(repo.name) === wanted);
    if (hit) return { id: hit.fullName, type: hit.type };
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return undefined;
}
