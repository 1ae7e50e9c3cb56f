import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Settings } from '../../shared/app-api.js';
import { formatBindAddress } from '../../shared/server-settings.js';
import type { ServerSettings } from '../settings/index.js';
import type { HubRegistry } from '../credentials/index.js';
import type { CacheStatusSource } from './ports.js';
import { OWNER_ONLY } from './route-access.js';

const moveBody = z.strictObject({ path: z.string().trim().min(1).max(4096) });
// Only the shape here: ServerSettings checks the values and explains a bad one.
const serverBody = z.strictObject({ lfsThreshold: z.unknown().optional(), bindAddress: z.unknown().optional() });

export interface SettingsRoutesDeps {
  readonly hubs: HubRegistry;
  readonly cacheStatus: CacheStatusSource;
  readonly settings: ServerSettings;
  readonly dataDir: string;
  /** Moves the HF cache to another folder. */
  readonly moveCache: (path: string) => Promise<{ path: string }>;
}

export function registerSettingsRoutes(app: FastifyInstance, deps: SettingsRoutesDeps): void {
  const current = async (request: FastifyRequest): Promise<Settings> => {
    const cache = await deps.cacheStatus();
    const address = request.server.server.address();
    const saved = deps.settings.savedBindAddress();
    return {
      hubs: deps.hubs.list(),
      cacheDir: cache.path,
      lfsThreshold: deps.settings.lfsThreshold(),
      lfsThresholdLocked: deps.settings.lfsThresholdLocked,
      bindAddress: typeof address === 'object' && address !== null ? formatBindAddress({ host: address.address, port: address.port }) : String(address),
      savedBindAddress: saved === undefined ? null : formatBindAddress(saved),
      bindAddressOverridden: deps.settings.bindAddressOverridden,
      dataDir: deps.dataDir,
    };
  };

  app.get('/settings', OWNER_ONLY, current);

  app.put('/settings/server', OWNER_ONLY, (request) => {
    deps.settings.update(serverBody.parse(request.body ?? {}));
    return current(request);
  });

  app.post('/settings/cache-move', OWNER_ONLY, (request) => deps.moveCache(moveBody.parse(request.body).path));
}
