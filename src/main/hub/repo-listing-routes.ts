import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { HfRepoInfo, HfUserRepos } from '../../shared/hf-repo-info.js';
import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { RepoListing, RepoSortKey } from '../store/index.js';
import { REPO_TYPE_PLURALS, repoTypeFromPlural } from './repo-type-plural.js';
import { baseUrl, parseBool } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import { readableNamespaces } from './repo-access.js';
import type { RepoInfoBuilder } from './repo-info.js';
import { queryValue } from './request-values.js';

const PAGE_MAX = 1000;

/** HF's sort names (Python sends snake_case aliases; rankings we do not keep fall back to downloads or likes). */
const SORTS: Readonly<Record<string, RepoSortKey>> = {
  lastModified: 'lastModified',
  last_modified: 'lastModified',
  createdAt: 'createdAt',
  created_at: 'createdAt',
  downloads: 'downloads',
  downloadsAllTime: 'downloads',
  trendingScore: 'downloads',
  trending_score: 'downloads',
  likes: 'likes',
  likes30d: 'likes',
  id: 'id',
  modelId: 'id',
};

/** `GET /api/models|datasets|spaces` and KohakuHub's `GET /api/users/{name}/repos`. */
export function registerRepoListingRoutes(app: FastifyInstance, deps: HubDeps, infos: RepoInfoBuilder): void {
  const { store } = deps;

  const item = (repo: RepoListing, full: boolean): HfRepoInfo | undefined => {
    const head = store.listRefs(repo.id).branches.find((branch) => branch.name === DEFAULT_BRANCH);
    // A repo is listed once it has its default branch (always, except mid-creation).
    if (!head) return undefined;
    return infos.build(repo, head.commit, { siblings: full, blobs: false, usedStorage: false, downloads: repo.downloads });
  };

  for (const plural of Object.keys(REPO_TYPE_PLURALS)) {
    const type = repoTypeFromPlural(plural);
    app.get(`/api/${plural}`, (request, reply) => {
      const { sort, descending } = sortOrder(request);
      const limitText = queryValue(request, 'limit');
      const limit = limitText === undefined ? PAGE_MAX : positiveInteger(limitText, 'limit');
      const author = queryValue(request, 'author');
      const search = queryValue(request, 'search');
      const cursor = queryValue(request, 'cursor');
      const page = store.searchRepos({
        type,
        readableNamespaces: readableNamespaces(deps, request),
        ...(author ? { author } : {}),
        ...(search ? { search } : {}),
        ...(cursor ? { cursor } : {}),
        sort,
        descending,
        limit: Math.min(limit, PAGE_MAX),
      });
      if (page.nextCursor !== undefined) {
        reply.header('link', `<${nextPageUrl(request, page.nextCursor)}>; rel="next"`);
      }
      const full = parseBool(queryValue(request, 'full'));
      return page.repos.map((repo) => item(repo, full)).filter((info) => info !== undefined);
    });
  }

  app.get<{ Params: { name: string } }>('/api/users/:name/repos', (request) => {
    const { name } = request.params;
    if (!deps.accounts.getUser(name) && !deps.accounts.getOrg(name)) {
      throw new AppError('NotFound', `No user or organization named "${name}"`);
    }
    const readable = readableNamespaces(deps, request);
    const all = (type: RepoType): HfRepoInfo[] => {
      const infosOfType: HfRepoInfo[] = [];
      let cursor: string | undefined;
      do {
        const page = store.searchRepos({
          type, readableNamespaces: readable, author: name, sort: 'lastModified', descending: true, limit: PAGE_MAX,
          ...(cursor ? { cursor } : {}),
        });
        for (const repo of page.repos) {
          const info = item(repo, false);
          if (info) infosOfType.push(info);
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return infosOfType;
    };
    const grouped: HfUserRepos = { models: all('model'), datasets: all('dataset'), spaces: all('space') };
    return grouped;
  });
}

function sortOrder(request: FastifyRequest): { sort: RepoSortKey; descending: boolean } {
  const sortText = queryValue(request, 'sort');
  const sort = sortText === undefined ? 'lastModified' : SORTS[sortText];
  if (!sort) throw new AppError('BadRequest', `Unknown sort "${sortText}": use lastModified, createdAt, downloads, likes or id`);
  const direction = queryValue(request, 'direction');
  if (direction === undefined) return { sort, descending: sort !== 'id' };
  if (direction === '-1') return { sort, descending: true };
  if (direction === '1') return { sort, descending: false };
  throw new AppError('BadRequest', 'direction must be -1 (descending) or 1 (ascending)');
}

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new AppError('BadRequest', `${name} must be a positive integer`);
  }
  return value;
}

/** The same listing URL with the next cursor: absolute, on the host the client used. */
function nextPageUrl(request: FastifyRequest, cursor: string): string {
  const queryAt = request.url.indexOf('?');
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1));
  params.set('cursor', cursor);
  return `${baseUrl(request)}${path}?${params.toString()}`;
}
