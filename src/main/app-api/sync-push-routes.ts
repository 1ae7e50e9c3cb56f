import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PushPreview, PushStartRequest, SyncJobStarted } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { REPO_TYPES, parseRepoId } from '../../shared/repo-id.js';
import type { HubRegistry } from '../credentials/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { Store } from '../store/index.js';
import { SYNC_PUSH_JOB, parsePushSpec, remoteEndpoint } from '../sync/index.js';
import type { SyncPort } from './ports.js';
import { parseRepoAddress } from './repo-routes.js';
import { OWNER_ONLY } from './route-access.js';
import { abortedOnClose } from './sync-routes.js';

const pushBody = z.strictObject({
  /** A saved hub's id or name, or a hub URL. */
  remote: z.string().min(1).max(1000),
  type: z.enum(REPO_TYPES).default('model'),
  repo: z.string().min(1).max(300),
  revision: z.string().min(1).max(300).optional(),
  as: z.string().min(1).max(300).optional(),
  create: z.boolean().optional(),
  private: z.boolean().optional(),
  force: z.boolean().optional(),
});

const previewQuery = z.strictObject({
  remote: z.string().trim().min(1).max(1000),
  revision: z.string().trim().min(1).max(300).optional(),
  as: z.string().trim().min(1).max(300).optional(),
});

export interface SyncPushRoutesDeps {
  readonly jobs: JobQueue | undefined;
  readonly hubs: HubRegistry;
  readonly store: Store;
  readonly sync: SyncPort | undefined;
}

/**
 * Sync jobs the UI starts. A push uses the owner's saved hub tokens, so only the owner's write
 * session may start one; the job's params hold no token.
 */
export function registerSyncPushRoutes(app: FastifyInstance, deps: SyncPushRoutesDeps): void {
  app.post('/sync/push', OWNER_ONLY, (request): SyncJobStarted => {
    if (!deps.jobs) throw new AppError('NotImplemented', 'Sync jobs are not available in this build');
    const body = pushBody.parse(request.body) satisfies PushStartRequest;
    const id = parseRepoId(body.repo, body.type);
    if (!deps.store.findRepo(id.type, id.namespace, id.name)) throw new AppError('RepoNotFound', `No local ${body.type} repo ${body.repo}`);
    const { remote, type, ...rest } = body;
    const spec = parsePushSpec({ ...rest, repoType: type, endpoint: remoteEndpoint(deps.hubs, remote) });
    const job = deps.jobs.enqueue(SYNC_PUSH_JOB, spec);
    return { jobId: String(job.id), title: job.title };
  });

  // A GET: it sends nothing, so a session opened with a read token may look too (as at a pull's preview).
  app.get('/sync/:type/:repo/push-preview', OWNER_ONLY, (request, reply): Promise<PushPreview> => {
    if (!deps.sync) throw new AppError('NotImplemented', 'Sync is not available in this build');
    const address = parseRepoAddress(request.params);
    const query = previewQuery.parse(request.query);
    const spec = parsePushSpec({
      repo: address.id,
      repoType: address.type,
      endpoint: remoteEndpoint(deps.hubs, query.remote),
      ...(query.revision === undefined ? {} : { revision: query.revision }),
      ...(query.as === undefined ? {} : { as: query.as }),
    });
    return deps.sync.pushPreview(spec, abortedOnClose(reply));
  });
}
