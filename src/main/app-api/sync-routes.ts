import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { DownloadJob, PullPreview, SyncMirror, SyncStatusResponse } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { REPO_TYPES } from '../../shared/repo-id.js';
import { parseEvery } from '../catalog/index.js';
import type { HubRegistry } from '../credentials/index.js';
import { findRemote, parsePullSpec, remoteEndpoint, type PullSpec } from '../sync/index.js';
import type { DownloadsPort, SyncPort } from './ports.js';
import { parseRepoAddress } from './repo-routes.js';
import { OWNER_ONLY } from './route-access.js';

export interface SyncRoutesDeps {
  readonly sync: SyncPort | undefined;
  readonly downloads: DownloadsPort | undefined;
  readonly hubs: HubRegistry;
}

const remoteField = z.string().trim().min(1).max(500);
const pullBody = z.strictObject({
  /** A saved hub's id or name, or a hub URL. */
  remote: remoteField,
  revision: z.string().trim().min(1).max(300).optional(),
  history: z.boolean().default(false),
  allRefs: z.boolean().default(false),
});
const mirrorBody = z.strictObject({
  remote: remoteField,
  type: z.enum(REPO_TYPES).default('model'),
  repo: z.string().trim().min(1).max(300),
  every: z.string().trim().min(1).max(20).default('6h'),
  history: z.boolean().default(false),
  allRefs: z.boolean().default(false),
});
const previewQuery = z.strictObject({
  remote: remoteField,
  revision: z.string().trim().min(1).max(300).optional(),
  history: z.enum(['0', '1', 'false', 'true']).transform((value) => value === '1' || value === 'true').default(false),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * The sync panel's routes: status of a local repo against its remotes, a pull's preview, a pull
 * (a job beside the downloads), and the mirrors. The machine owner's: they use the tokens saved
 * in Settings; the session guard keeps a read-token session to the GETs.
 */
export function registerSyncRoutes(app: FastifyInstance, deps: SyncRoutesDeps): void {
  function sync(): SyncPort {
    if (!deps.sync) throw new AppError('NotImplemented', 'Sync is not available in this build');
    return deps.sync;
  }

  app.get('/sync/:type/:repo/status', OWNER_ONLY, (request, reply): Promise<SyncStatusResponse> => {
    const address = parseRepoAddress(request.params);
    return sync().status(address.type, address.id, abortedOnClose(reply));
  });

  // A GET: it changes nothing, so a session opened with a read token may look too.
  app.get('/sync/:type/:repo/preview', OWNER_ONLY, (request, reply): Promise<PullPreview> => {
    const query = previewQuery.parse(request.query);
    return sync().preview(pullSpecOf(request.params, { ...query, allRefs: false }, deps.hubs), abortedOnClose(reply));
  });

  app.post('/sync/:type/:repo/pull', OWNER_ONLY, (request): Promise<DownloadJob> => {
    if (!deps.downloads) throw new AppError('NotImplemented', 'Jobs are not available in this build');
    const body = pullBody.parse(request.body);
    const spec = pullSpecOf(request.params, body, deps.hubs);
    return deps.downloads.startPull(spec, sourceName(deps.hubs, body.remote, spec.endpoint));
  });

  app.get('/sync/mirrors', OWNER_ONLY, (): { mirrors: SyncMirror[] } => ({ mirrors: sync().mirrors() }));

  app.post('/sync/mirrors', OWNER_ONLY, (request): SyncMirror => {
    const body = mirrorBody.parse(request.body);
    if (!body.repo.includes('/')) throw new AppError('InvalidRepoName', `"${body.repo}" has no namespace: a mirror needs NAMESPACE/NAME`);
    return sync().setMirror({
      type: body.type, repo: body.repo, endpoint: remoteEndpoint(deps.hubs, body.remote), everyMs: parseEvery(body.every), history: body.history, allRefs: body.allRefs,
    });
  });

  app.delete('/sync/mirrors/:id', OWNER_ONLY, (request): { removed: SyncMirror } => {
    const { id } = idParams.parse(request.params);
    const removed = sync().removeMirror(id);
    if (!removed) throw new AppError('NotFound', `No mirror ${id}`);
    return { removed };
  });
}

/** The pull a request asks for: the repo of the URL, from the remote of the body or query. */
function pullSpecOf(params: unknown, body: { remote: string; revision?: string | undefined; history: boolean; allRefs: boolean }, hubs: HubRegistry): PullSpec {
  const address = parseRepoAddress(params);
  if (body.allRefs && body.revision !== undefined) throw new AppError('BadRequest', 'Pull one revision or all refs, not both');
  return parsePullSpec({
    repo: address.id,
    endpoint: remoteEndpoint(hubs, body.remote),
    repoType: address.type,
    ...(body.revision === undefined ? {} : { revision: body.revision }),
    ...(body.history ? { history: true } : {}),
    ...(body.allRefs ? { allRefs: true } : {}),
  });
}

function sourceName(hubs: HubRegistry, remote: string, endpoint: string): string {
  return findRemote(hubs, remote)?.name ?? new URL(endpoint).host;
}

/** Remote requests stop when the browser goes away. */
export function abortedOnClose(reply: FastifyReply): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => gone.abort());
  return gone.signal;
}
