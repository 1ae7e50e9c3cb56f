import type { FastifyInstance } from 'fastify';
import { registerAuthCheckRoute } from './auth-check-route.js';
import type { HubDeps } from './hub-deps.js';
import { registerLfsFilesRoutes } from './lfs-files-routes.js';
import { registerLikeRoutes } from './like-routes.js';
import { registerHubMetaRoutes } from './hub-meta-routes.js';
import { registerQuotaRoutes } from './quota-routes.js';
import { registerRepoAdminRoutes } from './repo-admin-routes.js';
import { RepoInfoBuilder } from './repo-info.js';
import { registerRepoInfoRoutes } from './repo-info-routes.js';
import { registerRepoListingRoutes } from './repo-listing-routes.js';
import { registerRepoSettingsRoutes } from './repo-settings-routes.js';
import { registerValidateYamlRoute } from './validate-yaml-route.js';

/**
 * HF routes for repo management: create, delete, move, settings, super-squash, info, listings,
 * folder statistics, quotas, name checks, version and README metadata validation, auth checks, likes, LFS files.
 */
export function registerRepoRoutes(app: FastifyInstance, deps: HubDeps): void {
  const infos = new RepoInfoBuilder(deps.store);
  registerRepoAdminRoutes(app, deps);
  registerRepoSettingsRoutes(app, deps);
  registerRepoInfoRoutes(app, deps, infos);
  registerRepoListingRoutes(app, deps, infos);
  registerQuotaRoutes(app, deps);
  registerHubMetaRoutes(app, deps);
  registerValidateYamlRoute(app);
  registerAuthCheckRoute(app, deps);
  registerLikeRoutes(app, deps);
  registerLfsFilesRoutes(app, deps);
}
