import type { FastifyPluginCallback } from 'fastify';
import type { Accounts } from '../accounts/index.js';
import type { Store } from '../store/index.js';
import { registerWhoamiRoutes } from './whoami.js';

export interface HubDeps {
  readonly accounts: Accounts;
  readonly store: Store;
}

/** Every HF-compatible route, as one plugin for the HTTP server. */
export function hubRoutes(deps: HubDeps): FastifyPluginCallback {
  return (app, _options, done) => {
    registerWhoamiRoutes(app, deps.accounts);
    done();
  };
}

export { whoami, type WhoamiOrg, type WhoamiResponse } from './whoami.js';
