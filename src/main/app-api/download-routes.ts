import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DownloadsResponse } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { REPO_TYPES } from '../../shared/repo-id.js';
import type { HubRegistry } from '../credentials/index.js';
import { parseDownloadRequest } from '../download/index.js';
import type { DownloadsPort } from './ports.js';
import { OWNER_ONLY } from './route-access.js';

/** The remote id that means "this hub" (download a local repo into the HF cache). */
export const LOCAL_REMOTE = 'local';

const startBody = z.strictObject({
  remote: z.string().min(1).max(100),
  type: z.enum(REPO_TYPES),
  repo: z.string().min(1).max(300),
  revision: z.string().min(1).max(300),
  paths: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
});
const actionParams = z.object({ id: z.string().min(1).max(100), action: z.enum(['pause', 'resume', 'cancel', 'retry']) });

export interface DownloadRoutesDeps {
  readonly downloads: DownloadsPort | undefined;
  readonly hubs: HubRegistry;
}

/** The downloads queue: list, start, pause/resume/cancel/retry. */
export function registerDownloadRoutes(app: FastifyInstance, deps: DownloadRoutesDeps): void {
  function queue(): DownloadsPort {
    if (!deps.downloads) throw new AppError('NotImplemented', 'Downloads are not available in this build');
    return deps.downloads;
  }

  app.get('/downloads', OWNER_ONLY, async (): Promise<DownloadsResponse> => ({ jobs: await queue().list() }));

  app.post('/downloads', OWNER_ONLY, (request) => {
    const body = startBody.parse(request.body);
    // "This hub" is reached the way the UI reached it (the Host the guard accepted); public repos only.
    const source =
      body.remote === LOCAL_REMOTE ? { name: 'This hub', endpoint: `http://${request.headers.host ?? '127.0.0.1'}` } : deps.hubs.get(body.remote);
    const download = parseDownloadRequest({
      repoId: body.repo,
      repoType: body.type,
      revision: body.revision,
      endpoint: source.endpoint,
      ...(body.paths === undefined || body.paths.length === 0 ? {} : { files: body.paths }),
    });
    return queue().start(download, source.name);
  });

  app.post('/downloads/:id/:action', OWNER_ONLY, (request) => {
    const params = actionParams.parse(request.params);
    return queue().act(params.id, params.action);
  });
}
