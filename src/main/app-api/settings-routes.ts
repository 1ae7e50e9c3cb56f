import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Settings } from '../../shared/app-api.js';
import type { HubRegistry } from './hub-registry.js';
import type { CacheStatusSource } from './ports.js';

const moveBody = z.strictObject({ path: z.string().trim().min(1).max(4096) });

export interface SettingsRoutesDeps {
  readonly hubs: HubRegistry;
  readonly cacheStatus: CacheStatusSource;
  readonly lfsThreshold: number;
  readonly dataDir: string;
  /** Moves the HF cache to another folder. */
  readonly moveCache: (path: string) => Promise<{ path: string }>;
}

export function registerSettingsRoutes(app: FastifyInstance, deps: SettingsRoutesDeps): void {
  app.get('/settings', async (request): Promise<Settings> => {
    const cache = await deps.cacheStatus();
    const address = request.server.server.address();
    return {
      hubs: deps.hubs.list(),
      cacheDir: cache.path,
      lfsThreshold: deps.lfsThreshold,
      bindAddress: typeof address === 'object' && address !== null ? `${address.address}:${address.port}` : String(address),
      dataDir: deps.dataDir,
    };
  });

  app.post('/settings/cache-move', (request) => deps.moveCache(moveBody.parse(request.body).path));
}
