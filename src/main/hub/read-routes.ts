import type { FastifyInstance } from 'fastify';
import { registerCommitsRoutes } from './commits-routes.js';
import { registerFileRoutes } from './file-routes.js';
import type { HubDeps } from './hub-deps.js';
import { registerPathsInfoRoutes } from './paths-info-routes.js';
import { registerRefsRoutes } from './refs-routes.js';
import { registerTreeRoutes } from './tree-routes.js';

/** HF routes for reads inside a repo: tree, paths-info, refs, commits, resolve, raw. */
export function registerReadRoutes(app: FastifyInstance, deps: HubDeps): void {
  registerTreeRoutes(app, deps);
  registerPathsInfoRoutes(app, deps);
  registerRefsRoutes(app, deps);
  registerCommitsRoutes(app, deps);
  registerFileRoutes(app, deps);
}
