import type { FastifyInstance } from 'fastify';
import type { HubDeps } from './hub-context.js';

/** HF routes for writes inside a repo: preupload, LFS batch and transfers, commit, branches, tags. */
export function registerWriteRoutes(_app: FastifyInstance, _deps: HubDeps): void {
  // Routes are added here.
}
