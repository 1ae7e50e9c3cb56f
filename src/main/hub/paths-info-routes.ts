import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { normalizeFolderPath } from '../../shared/repo-path.js';
import { bodyText } from '../http/index.js';
import type { EntryInfo } from '../store/index.js';
import { parseBool } from '../http/index.js';
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
 * A form body as an object; a repeated key (`paths=a&paths=b`) becomes an array. Percent-escapes
 * that are not UTF-8 are refused (URLSearchParams would turn them into U+FFFD).
 */
export function parseFormBody(text: string): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeFormPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeFormPart(pair.slice(equals + 1));
    const existing = body[key];
    body[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return body;
}

function decodeFormPart(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new AppError('BadRequest', 'The form body has an invalid percent-escape (not UTF-8)');
  }
}

/**
 * `POST /api/{rts}/{ns}/{name}/paths-info/{rev}`: entries for the given paths, missing ones left
 * out. Python posts a form (`paths=a&paths=b&expand=True`), JS posts JSON; both are accepted.
 */
export function registerPathsInfoRoutes(app: FastifyInstance, deps: HubDeps): void {
  // Its own plugin scope, so the form parser applies to this route only.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_request, body, parsed) => {
      try {
        parsed(null, parseFormBody(bodyText(body)));
      } catch (error) {
        parsed(error as Error, undefined);
      }
    });
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
