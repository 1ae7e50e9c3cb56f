import type { FastifyInstance } from 'fastify';
import type { HubDeps } from './hub-context.js';

/** HF routes for reads inside a repo: tree, paths-info, refs, commits, resolve, raw. */
export function registerReadRoutes(_app: FastifyInstance, _deps: HubDeps): void {
  // Routes are added here.
}
