import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { LibraryResponse, LocationResponse, RepoSource } from '../../shared/app-api.js';
import { REPO_TYPES } from '../../shared/repo-id.js';
import type { CacheStatusSource } from './ports.js';
import type { RepoAddress, RepoViews } from './repo-views.js';
import { requireSession } from './session-guard.js';

const repoParams = z.object({
  source: z.enum(['hub', 'cache']),
  type: z.enum(REPO_TYPES),
  // One URL segment: the client encodes the "/" of "namespace/name" as %2F.
  repo: z.string().min(1).max(300),
});
const revisionQuery = z.object({ revision: z.string().min(1).max(300).default('main') });
const commitsQuery = revisionQuery.extend({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const diffQuery = z.object({ from: z.string().min(1).max(300), to: z.string().min(1).max(300) });
const revisionBody = z.strictObject({ revision: z.string().min(1).max(300) });

export interface RepoRoutesDeps {
  readonly sources: Readonly<Record<RepoSource, RepoViews>>;
  readonly cacheStatus: CacheStatusSource;
}

/** The library and the repo screens: one list over every source, then per-repo views. */
export function registerRepoRoutes(app: FastifyInstance, deps: RepoRoutesDeps): void {
  function address(params: unknown): { views: RepoViews; repo: RepoAddress } {
    const parsed = repoParams.parse(params);
    return { views: deps.sources[parsed.source], repo: { type: parsed.type, id: parsed.repo } };
  }

  app.get('/library', async (request): Promise<LibraryResponse> => {
    const session = requireSession(request);
    const cache = await deps.cacheStatus();
    const lists = await Promise.all(
      Object.values(deps.sources).map((views) => views.list(session)),
    );
    return { repos: lists.flat(), cache };
  });

  app.get('/repos/:source/:type/:repo', (request) => {
    const { views, repo } = address(request.params);
    return views.overview(requireSession(request), repo);
  });

  app.get('/repos/:source/:type/:repo/tree', (request) => {
    const { views, repo } = address(request.params);
    return views.tree(requireSession(request), repo, revisionQuery.parse(request.query).revision);
  });

  app.get('/repos/:source/:type/:repo/commits', (request) => {
    const { views, repo } = address(request.params);
    const query = commitsQuery.parse(request.query);
    return views.commits(requireSession(request), repo, query.revision, query.limit);
  });

  app.get('/repos/:source/:type/:repo/readme', (request) => {
    const { views, repo } = address(request.params);
    return views.readme(requireSession(request), repo, revisionQuery.parse(request.query).revision);
  });

  app.get('/repos/:source/:type/:repo/diff', (request) => {
    const { views, repo } = address(request.params);
    const query = diffQuery.parse(request.query);
    return views.diff(requireSession(request), repo, query.from, query.to);
  });

  app.get('/repos/:source/:type/:repo/location', async (request): Promise<LocationResponse> => {
    const { views, repo } = address(request.params);
    return { path: await views.location(requireSession(request), repo, revisionQuery.parse(request.query).revision) };
  });

  app.post('/repos/:source/:type/:repo/delete-preview', (request) => {
    const { views, repo } = address(request.params);
    return views.deletePreview(requireSession(request), repo, revisionBody.parse(request.body).revision);
  });

  app.post('/repos/:source/:type/:repo/delete-revision', (request) => {
    const { views, repo } = address(request.params);
    return views.deleteRevision(requireSession(request), repo, revisionBody.parse(request.body).revision);
  });
}
