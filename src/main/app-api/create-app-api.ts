import type { FastifyPluginCallback } from 'fastify';
import { APP_API_PREFIX, SESSION_COOKIE } from '../../shared/app-api.js';
import type { Accounts } from '../accounts/index.js';
import type { Catalog } from '../catalog/index.js';
import { moveCache, type CacheScan } from '../cache/index.js';
import type { JobInfo, JobQueue } from '../jobs/index.js';
import type { ServerSettings } from '../settings/index.js';
import type { Store } from '../store/index.js';
import type { UpstreamClient } from '../upstream/index.js';
import { watchCacheFolder, type CacheWatcher } from '../watch/index.js';
import { createAppEvents } from './app-events.js';
import { appApiRoutes } from './app-api-routes.js';
import { CacheScanner } from './cache-scanner.js';
import { createCacheSource } from './cache-source.js';
import { createDiskUsage } from './disk-usage.js';
import { createDownloadQueue } from './download-queue.js';
import type { HubRegistry } from '../credentials/index.js';
import { publishRefreshEvents } from './refresh-events.js';
import { createRemoteBrowser } from './remote-browser.js';
import type { SyncPort } from './ports.js';
import type { DeclaredRoute } from './route-access.js';
import { SYNC_MIRROR_JOB, type MirrorJobParams } from '../sync/index.js';
import { createSessions } from './sessions.js';

export interface AppApiOptions {
  readonly dataDir: string;
  /** The LFS threshold and bind address the Settings screen shows and changes. */
  readonly settings: ServerSettings;
  readonly accounts: Accounts;
  readonly store: Store;
  /** The user the UI names as the machine owner (the bootstrap user, else the first user). */
  readonly ownerName: () => string;
  /** The HF cache folder (HF_HUB_CACHE). */
  readonly cacheDir: string;
  /** The default remote hub (HF_ENDPOINT). */
  readonly defaultEndpoint: string;
  /** The remote hubs saved in Settings, with their tokens. */
  readonly hubs: HubRegistry;
  /** The core's client for remote hubs (browsing them). */
  readonly upstream: UpstreamClient;
  /** The job queue with the download job kind registered; without it, downloads answer 501. */
  readonly jobs?: JobQueue;
  /** Structure tracking of remote repos (the Tracking screen). */
  readonly catalog: Catalog;
  /** Pulls, mirrors and sync status (the repo view's sync panel). */
  readonly sync?: SyncPort;
  /** Told of each fresh scan of the HF cache the UI makes. */
  readonly onCacheScan?: (scan: CacheScan) => void;
}

/** How the UI is reached: the sign-in URL `serve` prints and the cookie the desktop shell sets. */
export interface UiAccess {
  /** A one-time sign-in URL for a browser; `baseUrl` is what core.start() returned. */
  signInUrl(baseUrl: string): string;
  /** The session cookie for the machine owner (the desktop shell sets it on its window's session). */
  ownerCookie(): { readonly name: string; readonly value: string; readonly path: string };
}

export interface AppApi {
  readonly routes: FastifyPluginCallback;
  readonly ui: UiAccess;
  /** Every app-API route and the access it declared (filled as the server registers them). */
  declaredRoutes(): readonly DeclaredRoute[];
  /** Tells the UI that what its library shows changed (model facts read in the background). */
  libraryChanged(): void;
  /**
   * Starts watching the HF cache: what other tools change there reaches open UIs as
   * `library-changed`. Resolves once the watch is in place.
   */
  watchCache(onError: (error: unknown) => void): Promise<void>;
  /** Stops listening to the job queue and stops watching the cache. */
  close(): Promise<void>;
}

/** Builds the app API and UI sign-in from the core's modules (called by createCore). */
export function createAppApi(options: AppApiOptions): AppApi {
  const sessions = createSessions({ dataDir: options.dataDir, accounts: options.accounts, ownerName: options.ownerName });
  const events = createAppEvents();
  let cacheDir = options.cacheDir;
  const scanner = new CacheScanner(() => cacheDir, Date.now, options.onCacheScan);
  const hubs = options.hubs;
  const downloads = options.jobs ? createDownloadQueue({ jobs: options.jobs, hubs, defaultEndpoint: options.defaultEndpoint }) : undefined;
  const unsubscribe =
    downloads?.subscribe((job) => {
      if (job.state === 'done') scanner.invalidate();
      events.publish({ type: 'download', job });
    }) ?? (() => undefined);
  const stopRefreshEvents = options.jobs ? publishRefreshEvents(options.jobs, events) : () => undefined;

  let watcher: CacheWatcher | undefined;
  let onWatchError: ((error: unknown) => void) | undefined;
  const startWatcher = (): Promise<void> => {
    if (onWatchError === undefined) return Promise.resolve();
    watcher = watchCacheFolder({
      dir: cacheDir,
      onError: onWatchError,
      onUpdate: () => {
        scanner.invalidate();
        events.publish({ type: 'library-changed' });
      },
    });
    return watcher.ready;
  };
  const stopWatcher = async (): Promise<void> => {
    const current = watcher;
    watcher = undefined;
    await current?.close();
  };
  // A mirror that ran (updated, up to date, or failed) is a notification in the UI.
  const onJobState = ({ job }: { job: JobInfo }): void => {
    if (job.kind !== SYNC_MIRROR_JOB || (job.state !== 'done' && job.state !== 'failed')) return;
    const mirror = options.sync?.mirror((job.params as MirrorJobParams).mirrorId);
    if (mirror) events.publish({ type: 'mirror', mirror });
  };
  options.jobs?.events.on('state', onJobState);

  const declared: DeclaredRoute[] = [];
  const routes = appApiRoutes({
    sessions,
    accounts: options.accounts,
    store: options.store,
    dataDir: options.dataDir,
    settings: options.settings,
    events,
    hubs,
    cacheStatus: () => scanner.status(),
    cacheViews: createCacheSource(scanner),
    disk: createDiskUsage(scanner, options.store),
    remote: createRemoteBrowser(options.upstream),
    catalog: options.catalog,
    defaultEndpoint: options.defaultEndpoint,
    cacheDir: () => cacheDir,
    ...(options.jobs ? { jobs: options.jobs } : {}),
    ...(downloads ? { downloads } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    moveCache: async (target) => {
      // The old path becomes a link to the new one, so Python and other tools keep finding the cache.
      const report = await moveCache(cacheDir, target, { leaveSymlink: true });
      cacheDir = report.to;
      await stopWatcher();
      await startWatcher();
      scanner.invalidate();
      events.publish({ type: 'library-changed' });
      return { path: report.to };
    },
  }, declared);
  return {
    routes,
    ui: {
      signInUrl: (baseUrl) => `${baseUrl}/-/ui/#/sign-in/${sessions.createSignInCode()}`,
      ownerCookie: () => ({ name: SESSION_COOKIE, value: sessions.ownerCookie(), path: APP_API_PREFIX }),
    },
    declaredRoutes: () => [...declared],
    libraryChanged: () => events.publish({ type: 'library-changed' }),
    watchCache: async (onError) => {
      await stopWatcher();
      onWatchError = onError;
      await startWatcher();
    },
    close: async () => {
      unsubscribe();
      stopRefreshEvents();
      options.jobs?.events.off('state', onJobState);
      onWatchError = undefined;
      await stopWatcher();
    },
  };
}
