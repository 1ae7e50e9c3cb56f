import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { HfRepoInfo } from '../../shared/hf-repo-info.js';
import { pick } from '../../shared/pick.js';
import { REPO_TYPE_PLURALS, repoTypeFromPlural } from './repo-type-plural.js';
import { loadRepo } from './repo-access.js';
import { parseBool } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import type { RepoInfoBuilder } from './repo-info.js';
import { rawPathSegments, splitRevisionAndPath, queryValue } from './request-values.js';

/** The fields of `expand=a&expand=b` (Python) or `expand[]=a` (JS). */
function expandedFields(request: FastifyRequest): string[] {
  const query = request.query as Record<string, unknown> | undefined;
  return [query?.expand, query?.['expand[]']].flat().filter((value): value is string => typeof value === 'string' && value !== '');
}

interface RepoParams {
  ns: string;
  name: string;
}

/** Raw path segments before the revision: api, {rts}, {ns}, {name}, treesize. */
const TREESIZE_PREFIX_SEGMENTS = 5;

/** Repo info (`/api/{rts}/{id}`, `/revision/{rev}`) and folder statistics (`/treesize/{rev}/{path}`). */
export function registerRepoInfoRoutes(app: FastifyInstance, deps: HubDeps, infos: RepoInfoBuilder): void {
  const { store } = deps;

  for (const plural of Object.keys(REPO_TYPE_PLURALS)) {
    const type = repoTypeFromPlural(plural);

    const info = (request: FastifyRequest<{ Params: RepoParams }>, revision: string) => {
      const repo = loadRepo(deps, request, type, request.params.ns, request.params.name, 'read');
      const sha = store.resolveRevision(repo.id, revision);
      const blobs = parseBool(queryValue(request, 'blobs'));
      const expand = expandedFields(request);
      if (expand.length === 0) return infos.build(repo, sha, { siblings: true, blobs, usedStorage: true });
      // As the Hub does: with expand, `_id`, `id` and the fields asked for only. Siblings and
      // usedStorage (the costly ones, a 100k-file listing) are built only when asked for.
      const full = infos.build(repo, sha, { siblings: expand.includes('siblings'), blobs, usedStorage: expand.includes('usedStorage') });
      const asked = expand.filter((field): field is keyof HfRepoInfo => field in full);
      return pick(full, ['_id', 'id', ...asked]);
    };

    app.get<{ Params: RepoParams }>(`/api/${plural}/:ns/:name`, (request) => info(request, 'HEAD'));

    // JS always asks for /revision/HEAD; Python sends the revision %2F-encoded, so it arrives whole.
    app.get<{ Params: RepoParams & { '*': string } }>(`/api/${plural}/:ns/:name/revision/*`, (request) =>
      info(request, request.params['*'] || 'HEAD'),
    );

    app.get<{ Params: RepoParams }>(`/api/${plural}/:ns/:name/treesize/*`, (request) => {
      const repo = loadRepo(deps, request, type, request.params.ns, request.params.name, 'read');
      const { revision, path } = splitRevisionAndPath(rawPathSegments(request).slice(TREESIZE_PREFIX_SEGMENTS));
      const sha = store.resolveRevision(repo.id, revision);
      const entry = store.getEntry(sha, path);
      if (!entry) throw new AppError('EntryNotFound', `${path} does not exist at ${revision}`);
      const stats = entry.type === 'directory' ? store.folderStats(entry.oid) : { size: entry.size, files: 1 };
      return { path: entry.path, type: entry.type, size: stats.size, files: stats.files };
    });
  }
}
