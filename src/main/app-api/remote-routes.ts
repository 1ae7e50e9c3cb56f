import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RemoteHub } from '../../shared/app-api.js';
import { REPO_TYPES } from '../../shared/repo-id.js';
import type { HubRegistry } from '../credentials/index.js';
import type { RemotePort } from './ports.js';
import { OWNER_ONLY } from './route-access.js';

const hubParams = z.object({ hub: z.string().min(1).max(100) });
const searchQuery = z.object({
  type: z.enum(REPO_TYPES).default('model'),
  q: z.string().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const repoParams = hubParams.extend({ type: z.enum(REPO_TYPES), repo: z.string().min(1).max(300) });
const revisionQuery = z.object({ revision: z.string().min(1).max(300).default('main') });
const hubBody = z.strictObject({
  name: z.string().max(80),
  endpoint: z.string().max(500),
  token: z.string().max(500).optional(),
});

/** Configured remote hubs (settings) and browsing them (remote browser): the owner's, with the owner's tokens. */
export function registerRemoteRoutes(app: FastifyInstance, hubs: HubRegistry, remote: RemotePort): void {
  app.get('/hubs', OWNER_ONLY, (): { hubs: RemoteHub[] } => ({ hubs: hubs.list() }));
  app.post('/hubs', OWNER_ONLY, (request) => hubs.add(hubBody.parse(request.body)));
  app.put('/hubs/:hub', OWNER_ONLY, (request) => hubs.update(hubParams.parse(request.params).hub, hubBody.parse(request.body)));
  app.delete('/hubs/:hub', OWNER_ONLY, (request) => {
    hubs.remove(hubParams.parse(request.params).hub);
    return { removed: true };
  });

  app.get('/hubs/:hub/search', OWNER_ONLY, (request) => {
    const hub = hubs.get(hubParams.parse(request.params).hub);
    const query = searchQuery.parse(request.query);
    return remote.search(hub, query.type, query.q, query.limit);
  });

  app.get('/hubs/:hub/repos/:type/:repo', OWNER_ONLY, (request) => {
    const params = repoParams.parse(request.params);
    const hub = hubs.get(params.hub);
    return remote.info(hub, params.type, params.repo, revisionQuery.parse(request.query).revision);
  });
}
