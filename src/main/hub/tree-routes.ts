import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalizeFolderPath } from '../../shared/repo-path.js';
import type { EntryInfo } from '../store/index.js';
import { baseUrl, parseBool } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import { decodeCursor, encodeCursor, nextLink } from './pagination.js';
import { apiRepoUrl, loadApiRepo } from './repo-params.js';
import { resolveRevisionPath } from './revision-path.js';
import { treeEntriesJson } from './tree-entry-json.js';
import { encodePath, urlTail } from './url-tail.js';

export const TREE_PAGE_SIZE = 1000;
/** Pages are smaller with `expand`: each entry needs its last commit. */
export const TREE_EXPAND_PAGE_SIZE = 50;

const treeQuery = z.object({ recursive: z.unknown(), expand: z.unknown(), cursor: z.string() }).partial();

/**
 * `GET /api/{rts}/{ns}/{name}/tree/{rev}[/{path}]`: a folder's entries in pages, each with a
 * `Link` to the next one. The link names the resolved commit, so a listing stays consistent
 * while the branch moves, and its cursor resumes without re-reading earlier entries.
 */
export function registerTreeRoutes(app: FastifyInstance, deps: HubDeps): void {
  app.get('/api/:rts/:ns/:name/tree/*', (request, reply) => {
    const repo = loadApiRepo(deps, request);
    const query = treeQuery.parse(request.query);
    const recursive = parseBool(query.recursive);
    const expand = parseBool(query.expand);
    const target = resolveRevisionPath(deps.store, repo.id, urlTail(request.url, 5));
    const folder = normalizeFolderPath(target.path);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);

    const pageSize = expand ? TREE_EXPAND_PAGE_SIZE : TREE_PAGE_SIZE;
    const entries: EntryInfo[] = [];
    let more = false;
    for (const entry of deps.store.listTree(target.commit, folder, { recursive, after, limit: pageSize + 1 })) {
      if (entries.length === pageSize) {
        more = true;
        break;
      }
      entries.push(entry);
    }
    const last = entries[entries.length - 1];
    if (more && last) {
      const path = folder === '' ? '' : `/${encodePath(folder)}`;
      const next = `${apiRepoUrl(baseUrl(request), repo)}/tree/${target.commit}${path}?recursive=${recursive}&expand=${expand}&cursor=${encodeCursor(last.path)}`;
      reply.header('link', nextLink(next));
    }
    return treeEntriesJson(deps.store, target.commit, entries, expand);
  });
}
