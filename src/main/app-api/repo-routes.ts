import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CacheStatus, LibraryResponse, LocationResponse, RepoSource } from '../../shared/app-api.js';
import { REPO_TYPES } from '../../shared/repo-id.js';
import type { CacheStatusSource } from './ports.js';
import type { RepoAddress, RepoViews } from './repo-views.js';
import { SIGNED_IN, type RouteAccess } from './route-access.js';
import { requireSession } from './session-guard.js';

const repoParams = z.object({
  type: z.enum(REPO_TYPES),
  // One URL segment: the client encodes the "/" of "namespace/name" as %2F.
  repo: z.string().min(1).max(300),
});
const revisionQuery = z.object({ revision: z.string().min(1).max(300).default('main') });
const commitsQuery = revisionQuery.extend({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const diffQuery = z.object({ from: z.string().min(1).max(300), to: z.string().min(1).max(300) });
const revisionBody = z.strictObject({ revision: z.string().min(1).max(300) });

/**
 * Who may open each source's repo screens: hub repos any session (each repo then checked against
 * its hub permissions), the Hugging Face cache only the machine's owner.
 */
const SOURCE_ACCESS: Readonly<Record<RepoSource, RouteAccess>> = { hub: 'session', cache: 'owner' };

export interface RepoRoutesDeps {
  readonly sources: Readonly<Record<RepoSource, RepoViews>>;
  readonly cacheStatus: CacheStatusSource;
}

/** What a non-owner's library says about the cache: it is the owner's, and not theirs to see. */
const CACHE_NOT_SHOWN: CacheStatus = { available: false, path: null, problem: "The Hugging Face cache belongs to this machine's owner" };

/** The library and the repo screens: one list over every source, then per-repo views. */
export function registerRepoRoutes(app: FastifyInstance, deps: RepoRoutesDeps): void {
  app.get('/library', SIGNED_IN, async (request): Promise<LibraryResponse> => {
    const session = requireSession(request);
    const owner = session.role === 'owner';
    const visible = (Object.keys(deps.sources) as RepoSource[]).filter((source) => owner || SOURCE_ACCESS[source] === 'session');
    const [cache, ...lists] = await Promise.all([
      owner ? deps.cacheStatus() : CACHE_NOT_SHOWN,
      ...visible.map((source) => deps.sources[source].list(session)),
    ]);
    return { repos: lists.flat(), cache };
  });

  for (const source of Object.keys(deps.sources) as RepoSource[]) {
    registerSourceRoutes(app, `/repos/${source}/:type/:repo`, deps.sources[source], SOURCE_ACCESS[source]);
  }
}

/** The repo a `/repos/{source}/:type/:repo...` route names. */
export function parseRepoAddress(params: unknown): RepoAddress {
  const parsed = repoParams.parse(params);
  return { type: parsed.type, id: parsed.repo };
}

function registerSourceRoutes(app: FastifyInstance, base: string, views: RepoViews, level: RouteAccess): void {
  const access = { config: { access: level } };
  const address = parseRepoAddress;

  app.get(base, access, (request) => views.overview(requireSession(request), address(request.params)));

  app.get(`${base}/tree`, access, (request) =>
    views.tree(requireSession(request), address(request.params), revisionQuery.parse(request.query).revision),
  );

  app.get(`${base}/commits`, access, (request) => {
    const query = commitsQuery.parse(request.query);
    return views.commits(requireSession(request), address(request.params), query.revision, query.limit);
  });

  app.get(`${base}/readme`, access, (request) =>
    views.readme(requireSession(request), address(request.params), revisionQuery.parse(request.query).revision),
  );

  app.get(`${base}/diff`, access, (request) => {
    const query = diffQuery.parse(request.query);
    return views.diff(requireSession(request), address(request.params), query.from, query.to);
  });

  app.get(`${base}/location`, access, async (request): Promise<LocationResponse> => ({
    path: await views.location(requireSession(request), address(request.params), revisionQuery.parse(request.query).revision),
  }));

  app.post(`${base}/delete-preview`, access, (request) =>
    views.deletePreview(requireSession(request), address(request.params), revisionBody.parse(request.body).revision),
  );

  app.post(`${base}/delete-revision`, access, (request) =>
    views.deleteRevision(requireSession(request), address(request.params), revisionBody.parse(request.body).revision),
  );
}
