import type { FastifyInstance } from 'fastify';
import type { HubDeps } from './hub-context.js';

/** HF routes for repo management: create, delete, move, settings, info, listings. */
export function registerRepoRoutes(_app: FastifyInstance, _deps: HubDeps): void {
  // Routes are added here.
}
