import type { FastifyInstance } from 'fastify';
import { registerCommitRoute } from './commit-route.js';
import type { HubDeps } from './hub-deps.js';
import { registerLfsBatchRoute } from './lfs-batch.js';
import { registerLfsLocksRoutes } from './lfs-locks-routes.js';
import { registerLfsTransferRoutes } from './lfs-transfer.js';
import { registerPreuploadRoute } from './preupload.js';
import { registerRefWriteRoutes } from './ref-write-routes.js';
import { TransferSigner } from './signed-url.js';
import { registerUnsupportedRoutes } from './unsupported-routes.js';
import { uploadSettings } from './upload-settings.js';

/** HF routes for writes inside a repo: preupload, LFS batch and transfers, commit, branches, tags. */
export function registerWriteRoutes(app: FastifyInstance, deps: HubDeps): void {
  const signer = new TransferSigner(deps.store.uploads.signingKey());
  const settings = uploadSettings(deps.uploads);
  registerPreuploadRoute(app, deps);
  registerLfsBatchRoute(app, { deps, signer, settings });
  registerLfsTransferRoutes(app, { store: deps.store, signer });
  registerLfsLocksRoutes(app, deps);
  registerCommitRoute(app, deps);
  registerRefWriteRoutes(app, deps);
  registerUnsupportedRoutes(app);
}
