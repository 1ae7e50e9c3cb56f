import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalizeFolderPath } from '../../shared/repo-path.js';
import type { EntryInfo } from '../store/index.js';
import { parseBool } from '../http/index.js';
import { acceptFormBodies } from './form-body.js';
import type { HubDeps } from './hub-deps.js';
import { loadApiRepo } from './repo-params.js';
import { treeEntriesJson } from './tree-entry-json.js';
import { urlTail } from './url-tail.js';

const MAX_PATHS = 10_000;

const pathsInfoBody = z.object({
  paths: z.union([z.string(), z.array(z.string()).max(MAX_PATHS)]).transform((paths) => (typeof paths === 'string' ? [paths] : paths)),
  expand: z.unknown().optional(),
});

/**
 * `POST /api/{rts}/{ns}/{name}/paths-info/{rev}`: entries for the given paths, missing ones left
 * out. Python posts a form (`paths=a&paths=b&expand=True`), JS posts JSON; both are accepted.
 */
export function registerPathsInfoRoutes(app: FastifyInstance, deps: HubDeps): void {
  // Its own plugin scope, so the form parser applies to this route only.
  void app.register((scope, _options, done) => {
    acceptFormBodies(scope);
    scope.post('/api/:rts/:ns/:name/paths-info/*', (request) => {
      const repo = loadApiRepo(deps, request);
      const body = pathsInfoBody.parse(request.body);
      const commit = deps.store.resolveRevision(repo.id, urlTail(request.url, 5).join('/'));
      const seen = new Set<string>();
      const entries: EntryInfo[] = [];
      for (const raw of body.paths) {
        const path = normalizeFolderPath(raw);
        if (path === '' || seen.has(path)) continue;
        seen.add(path);
        const entry = deps.store.getEntry(commit, path);
        if (entry) entries.push(entry);
      }
      return treeEntriesJson(deps.store, commit, entries, parseBool(body.expand));
    });
    done();
  });
}
