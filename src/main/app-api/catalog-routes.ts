import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { REPO_TYPES } from '../../shared/repo-id.js';
import type {
  DuplicatePlacesResponse, DuplicatesResponse, FindResponse, FolderListingResponse, OutdatedResponse, RefreshResponse, RepoFactsResponse, RepoStatsResponse, SimilarResponse, StoredRevisionsResponse,
  StructureDiffResponse, TrackedFile, TrackedRepoView, TrackedReposWithFactsResponse, TrackingStatsResponse,
} from '../../shared/tracking-api.js';
import {
  ALL_REFS, describeTracked, parseEvery, parseFindQuery, type Catalog, type DuplicateContent, type RepoSelector, type TrackedRepo,
} from '../catalog/index.js';
import type { HubRegistry } from '../credentials/index.js';
import { factsFilterOf } from './facts-filter-query.js';
import type { RefreshRunner } from './refresh-runner.js';
import { OWNER_ONLY } from './route-access.js';
import { DUPLICATE_PLACES_SHOWN, DUPLICATES_LIMIT, duplicatesView, outdatedView, similarRepoView, structureStatsView, trackingStatsView } from './tracking-report-views.js';
import { structureDiffView, trackedFileView, trackedRepoView } from './tracking-views.js';

export interface CatalogRouteDeps {
  readonly catalog: Catalog;
  /** The hubs saved in Settings: a repo can be tracked on one by its id. */
  readonly hubs: HubRegistry;
  /** The hub a repo is tracked on when the request names none (HF_ENDPOINT). */
  readonly defaultEndpoint: string;
  /** How refreshes run: as queued jobs in the server, inline without a queue. */
  readonly refreshes: RefreshRunner;
  /** The HF cache folder (HF_HUB_CACHE) whose refs `outdated` compares with a hub; it can move. */
  readonly cacheDir: () => string;
}

/** A family of tracking routes (/tracking/...). */
export type TrackingRoutes = (app: FastifyInstance, deps: CatalogRouteDeps) => void;

/** A search answers at most this many files (and says when there were more). */
const FIND_LIMIT = 2000;

const idParams = z.object({ id: z.coerce.number().int().positive() });
const trackBody = z.strictObject({
  hub: z.string().min(1).max(100).optional(),
  endpoint: z.string().min(1).max(500).optional(),
  repoType: z.enum(REPO_TYPES).default('model'),
  repo: z.string().trim().min(1).max(300),
  revision: z.string().trim().min(1).max(300).optional(),
  allRefs: z.boolean().default(false),
  every: z.string().max(20).optional(),
});
const refreshBody = z.strictObject({ id: z.number().int().positive().optional() });
const findQuery = z.strictObject({
  hash: z.string().max(200).optional(),
  glob: z.string().max(1000).optional(),
  ext: z.string().max(100).optional(),
  name: z.string().max(300).optional(),
});
const treeQuery = z.object({ revision: z.string().min(1).max(300).optional(), path: z.string().max(4096).default('') });
const fileQuery = z.object({ revision: z.string().min(1).max(300).optional(), path: z.string().min(1).max(4096) });
const revisionQuery = z.strictObject({ revision: z.string().min(1).max(300).optional() });
const diffQuery = z.object({ from: z.string().min(1).max(300), to: z.string().min(1).max(300) });
const similarQuery = z.strictObject({ repo: z.coerce.number().int().positive(), with: z.coerce.number().int().positive().optional() });
const pageQuery = (max: number) => z.strictObject({ limit: z.coerce.number().int().min(1).max(max).default(max), offset: z.coerce.number().int().min(0).default(0) });
const placesQuery = z.strictObject({ hash: z.string().min(1).max(64), limit: z.coerce.number().int().min(1).max(FIND_LIMIT).default(FIND_LIMIT), offset: z.coerce.number().int().min(0).default(0) });
const hubQuery = z.strictObject({ hub: z.string().min(1).max(100).optional(), endpoint: z.string().min(1).max(500).optional() });

/** The tracked repos: list, track (and fetch the structure), untrack, refresh. */
const trackedRepoRoutes: TrackingRoutes = (app, { catalog, hubs, defaultEndpoint, refreshes }) => {
  // With model facts, and with filters on them (as `hubkeeper track ls --arch ...`). Repos tracked on
  // remote hubs only: the local hub's and the HF cache's own repos are the Library's (find covers them).
  app.get('/tracking/repos', OWNER_ONLY, (request): TrackedReposWithFactsResponse => ({
    repos: catalog
      .listFacts(factsFilterOf(request.query))
      .filter(({ repo }) => repo.source === 'remote')
      .map(({ repo, facts }) => ({ ...view(catalog, repo), facts })),
  }));

  // As `hubkeeper track add`: the structure is fetched at once, and when that fails nothing stays tracked.
  app.post('/tracking/repos', OWNER_ONLY, async (request): Promise<TrackedRepoView> => {
    const body = trackBody.parse(request.body);
    if (body.hub !== undefined && body.endpoint !== undefined) throw new AppError('BadRequest', 'Name the hub either by "hub" (a saved hub) or by "endpoint" (a URL), not both');
    if (body.allRefs && body.revision !== undefined) throw new AppError('BadRequest', 'Give a revision or all refs, not both');
    const endpoint = body.hub === undefined ? (body.endpoint ?? defaultEndpoint) : hubs.get(body.hub).endpoint;
    const revision = body.allRefs ? ALL_REFS : (body.revision ?? 'main');
    const everyMs = body.every === undefined ? undefined : parseEvery(body.every);
    const tracked = catalog.track({ endpoint, repoType: body.repoType, repo: body.repo, revision, ...(everyMs === undefined ? {} : { everyMs }) });
    const selector = selectorOf(tracked);
    const [result] = await catalog.refresh(selector);
    if (result === undefined || result.status === 'failed') {
      catalog.untrack(selector);
      throw new AppError(result?.errorCode ?? 'UpstreamUnavailable', result?.error ?? `${describeTracked(tracked)} could not be refreshed`);
    }
    return view(catalog, result.repo);
  });

  app.delete('/tracking/repos/:id', OWNER_ONLY, (request) => {
    const repo = byId(catalog, idParams.parse(request.params).id);
    catalog.untrack(selectorOf(repo));
    return { removed: true };
  });

  // Answers when the refreshes are done; a refresh that fails keeps the last good structure and says why.
  app.post('/tracking/refresh', OWNER_ONLY, async (request, reply): Promise<RefreshResponse> => {
    const { id } = refreshBody.parse(request.body);
    const only = id === undefined ? undefined : byId(catalog, id);
    // A client that goes away stops waiting (the jobs go on).
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    const results = await refreshes(only, gone.signal);
    return { results: results.map((result) => ({ repo: view(catalog, result.repo), status: result.status, error: result.error })) };
  });
};

/** Search across every tracked structure by hash, glob, extension or name. */
const findRoutes: TrackingRoutes = (app, { catalog }) => {
  app.get('/tracking/find', OWNER_ONLY, (request): FindResponse => {
    const { hash, glob, ext, name } = findQuery.parse(request.query);
    const query = parseFindQuery({ hash, file: glob, ext, name });
    const tracked = catalog.list();
    const files: TrackedFile[] = [];
    let truncated = false;
    for (const file of catalog.find(query)) {
      if (files.length === FIND_LIMIT) {
        truncated = true;
        break;
      }
      files.push(trackedFileView(file, tracked));
    }
    return { files, truncated };
  });
};

/** One tracked repo's stored structures: a folder, a file's hashes, the stored revisions, a diff of two. */
const structureRoutes: TrackingRoutes = (app, { catalog }) => {
  app.get('/tracking/repos/:id/tree', OWNER_ONLY, (request): FolderListingResponse => {
    const selector = selectorOf(byId(catalog, idParams.parse(request.params).id));
    const { revision, path } = treeQuery.parse(request.query);
    return catalog.listFolder(selector, revision, path);
  });

  app.get('/tracking/repos/:id/file', OWNER_ONLY, (request): TrackedFile => {
    const repo = byId(catalog, idParams.parse(request.params).id);
    const { revision, path } = fileQuery.parse(request.query);
    return { trackedId: repo.id, ...catalog.fileHashes(selectorOf(repo), path, revision) };
  });

  app.get('/tracking/repos/:id/revisions', OWNER_ONLY, (request): StoredRevisionsResponse => ({
    revisions: catalog.revisions(byId(catalog, idParams.parse(request.params).id)),
  }));

  app.get('/tracking/repos/:id/diff', OWNER_ONLY, (request): StructureDiffResponse => {
    const selector = selectorOf(byId(catalog, idParams.parse(request.params).id));
    const { from, to } = diffQuery.parse(request.query);
    return structureDiffView(catalog.diff(selector, from, to));
  });
};

/** Reports over every tracked structure: stats, duplicates, similar repos, the HF cache's outdated refs, model facts. */
const reportRoutes: TrackingRoutes = (app, { catalog, hubs, defaultEndpoint, cacheDir }) => {
  app.get('/tracking/stats', OWNER_ONLY, (): TrackingStatsResponse => trackingStatsView(catalog.stats(), catalog.list()));

  app.get('/tracking/repos/:id/stats', OWNER_ONLY, (request): RepoStatsResponse => {
    const repo = byId(catalog, idParams.parse(request.params).id);
    const [stats] = catalog.repoStats(selectorOf(repo));
    return { trackedId: repo.id, commit: stats?.commit ?? null, stats: stats === undefined ? null : structureStatsView(stats, catalog.list()) };
  });

  // Of the current revision, or of any stored one (`?revision=` a ref or a commit).
  app.get('/tracking/repos/:id/facts', OWNER_ONLY, (request): RepoFactsResponse => {
    const repo = byId(catalog, idParams.parse(request.params).id);
    const { revision } = revisionQuery.parse(request.query);
    if (revision !== undefined) return { trackedId: repo.id, ...catalog.revisionFacts(selectorOf(repo), revision) };
    const [current] = catalog.facts(selectorOf(repo));
    return { trackedId: repo.id, commit: repo.commit, facts: current?.facts ?? null };
  });

  app.get('/tracking/duplicates', OWNER_ONLY, (request): DuplicatesResponse => {
    const page = pageQuery(DUPLICATES_LIMIT).parse(request.query);
    const placesOf = (content: DuplicateContent) => catalog.duplicatePlaces(content.sha256 ?? content.oid, { limit: DUPLICATE_PLACES_SHOWN });
    return duplicatesView(catalog.duplicates(page), page.offset, placesOf, catalog.list());
  });

  app.get('/tracking/duplicates/places', OWNER_ONLY, (request): DuplicatePlacesResponse => {
    const { hash, limit, offset } = placesQuery.parse(request.query);
    const places = catalog.duplicatePlaces(hash, { limit: limit + 1, offset });
    const tracked = catalog.list();
    return { places: places.slice(0, limit).map((file) => trackedFileView(file, tracked)), truncated: places.length > limit };
  });

  app.get('/tracking/similar', OWNER_ONLY, (request): SimilarResponse => {
    const query = similarQuery.parse(request.query);
    const base = byId(catalog, query.repo);
    const other = query.with === undefined ? undefined : selectorOf(byId(catalog, query.with));
    return { similar: catalog.similar(selectorOf(base), other).map(similarRepoView) };
  });

  // One request to the hub per cached ref: this answers in seconds on a big cache.
  app.get('/tracking/outdated', OWNER_ONLY, async (request, reply): Promise<OutdatedResponse> => {
    const query = hubQuery.parse(request.query);
    if (query.hub !== undefined && query.endpoint !== undefined) throw new AppError('BadRequest', 'Name the hub either by "hub" (a saved hub) or by "endpoint" (a URL), not both');
    const endpoint = query.hub === undefined ? (query.endpoint ?? defaultEndpoint) : hubs.get(query.hub).endpoint;
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    return outdatedView(await catalog.outdated({ cacheDir: cacheDir(), endpoint, signal: gone.signal }));
  });
};

/**
 * Every family of tracking routes, registered in this order. Stats, duplicates, similar repos,
 * outdated snapshots and model facts plug in here, each as one more family.
 */
export const TRACKING_ROUTES: readonly TrackingRoutes[] = [trackedRepoRoutes, findRoutes, structureRoutes, reportRoutes];

/** Structure tracking for the UI: the owner's only, since it holds private repo names and reaches hubs with the owner's tokens. */
export function registerCatalogRoutes(app: FastifyInstance, deps: CatalogRouteDeps): void {
  for (const register of TRACKING_ROUTES) register(app, deps);
}

function byId(catalog: Catalog, id: number): TrackedRepo {
  const repo = catalog.list().find((candidate) => candidate.id === id);
  if (repo === undefined) throw new AppError('RepoNotFound', `No tracked repo has id ${id} (it may have been removed)`);
  return repo;
}

/** The selector naming exactly this tracked repo. */
function selectorOf(repo: TrackedRepo): RepoSelector {
  return { repo: repo.repo, endpoint: repo.endpoint, repoType: repo.repoType, revision: repo.revision };
}

function view(catalog: Catalog, repo: TrackedRepo): TrackedRepoView {
  return trackedRepoView(repo, catalog.revisions(repo));
}
