import type { FastifyInstance, FastifyPluginCallback } from 'fastify';
import { APP_API_PREFIX, type RepoSource } from '../../shared/app-api.js';
import type { Accounts } from '../accounts/index.js';
import type { Catalog } from '../catalog/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { ServerSettings } from '../settings/index.js';
import type { Store } from '../store/index.js';
import type { AppEvents } from './app-events.js';
import { registerCatalogRoutes } from './catalog-routes.js';
import { inlineRefreshes, queuedRefreshes } from './refresh-runner.js';
import { registerDeepLinkRoutes } from './deep-link-routes.js';
import { registerDiskRoutes } from './disk-routes.js';
import { registerDownloadRoutes } from './download-routes.js';
import { registerEventsRoute } from './events-route.js';
import { registerDiscussionRoutes } from './discussion-routes.js';
import { createHubDiscussions } from './hub-discussions.js';
import { createHubSource, loadVisibleRepo } from './hub-source.js';
import { registerLibraryFactsRoutes } from './library-facts-routes.js';
import { registerModelFolderRoutes } from './model-folder-routes.js';
import type { HubRegistry } from '../credentials/index.js';
import type { CacheStatusSource, DiskPort, DownloadsPort, RemotePort, SyncPort } from './ports.js';
import { registerRemoteRoutes } from './remote-routes.js';
import { registerRepoRoutes } from './repo-routes.js';
import type { RepoViews } from './repo-views.js';
import { requireAccessDeclarations, type DeclaredRoute } from './route-access.js';
import { registerSessionGuard } from './session-guard.js';
import { registerSessionRoutes } from './session-routes.js';
import type { Sessions } from './sessions.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerSyncPushRoutes } from './sync-push-routes.js';
import { registerSyncRoutes } from './sync-routes.js';
import { registerTokenRoutes } from './token-routes.js';

export interface AppApiDeps {
  readonly sessions: Sessions;
  readonly accounts: Accounts;
  readonly store: Store;
  readonly dataDir: string;
  readonly settings: ServerSettings;
  readonly events: AppEvents;
  readonly hubs: HubRegistry;
  readonly cacheStatus: CacheStatusSource;
  readonly cacheViews: RepoViews;
  readonly disk: DiskPort;
  readonly remote: RemotePort;
  readonly downloads?: DownloadsPort;
  /** Pulls, mirrors and sync status; without it, the sync routes answer 501. */
  readonly sync?: SyncPort;
  readonly moveCache: (path: string) => Promise<{ path: string }>;
  /** The HF cache folder now (it moves with moveCache). */
  readonly cacheDir: () => string;
  /** Structure tracking (the Tracking screen). */
  readonly catalog: Catalog;
  /** The default remote hub (HF_ENDPOINT): where a repo is tracked when no hub is named. */
  readonly defaultEndpoint: string;
  /** The job queue with the catalog refresh job kind registered; without it, refreshes run in the request. */
  readonly jobs?: JobQueue;
}

/**
 * The `/-/api/v1` routes of the UI, behind the session guard, as one plugin for the HTTP server.
 * Each route declares its access; `declared` receives them as they register.
 */
export function appApiRoutes(deps: AppApiDeps, declared: DeclaredRoute[] = []): FastifyPluginCallback {
  const sources: Record<RepoSource, RepoViews> = {
    hub: createHubSource({ store: deps.store, accounts: deps.accounts, dataDir: deps.dataDir }),
    cache: deps.cacheViews,
  };
  const discussions = createHubDiscussions({
    store: deps.store,
    accounts: deps.accounts,
    load: (session, address) => loadVisibleRepo(deps.store, deps.accounts, session, address),
  });
  return (root, _options, done) => {
    root.register(
      (app, _opts, registered) => {
        // A route that declares no access throws here: the server then refuses to start.
        try {
          registerAll(app);
        } catch (error) {
          registered(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        registered();
      },
      { prefix: APP_API_PREFIX },
    );
    done();
  };

  function registerAll(app: FastifyInstance): void {
    requireAccessDeclarations(app, declared);
    registerSessionGuard(app, deps.sessions);
    registerSessionRoutes(app, deps.sessions);
    registerTokenRoutes(app, deps.accounts);
    registerEventsRoute(app, deps.events);
    registerRepoRoutes(app, { sources, cacheStatus: deps.cacheStatus });
    registerLibraryFactsRoutes(app, { catalog: deps.catalog, store: deps.store, accounts: deps.accounts, cacheDir: deps.cacheDir });
    registerDiscussionRoutes(app, discussions);
    registerRemoteRoutes(app, deps.hubs, deps.remote);
    registerDownloadRoutes(app, { downloads: deps.downloads, hubs: deps.hubs });
    registerSyncRoutes(app, { sync: deps.sync, downloads: deps.downloads, hubs: deps.hubs });
    registerDiskRoutes(app, deps.disk);
    registerDeepLinkRoutes(app);
    registerSyncPushRoutes(app, { jobs: deps.jobs, hubs: deps.hubs, store: deps.store, sync: deps.sync });
    const refreshes = deps.jobs ? queuedRefreshes(deps.catalog, deps.jobs) : inlineRefreshes(deps.catalog);
    registerCatalogRoutes(app, { catalog: deps.catalog, hubs: deps.hubs, defaultEndpoint: deps.defaultEndpoint, refreshes, cacheDir: deps.cacheDir });
    registerSettingsRoutes(app, {
      hubs: deps.hubs,
      cacheStatus: deps.cacheStatus,
      settings: deps.settings,
      dataDir: deps.dataDir,
      moveCache: deps.moveCache,
    });
    registerModelFolderRoutes(app, {
      folders: deps.settings.modelFolders, store: deps.store, accounts: deps.accounts, onImported: () => deps.events.publish({ type: 'library-changed' }),
    });
  }
}
