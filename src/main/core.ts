import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createAccounts, type Accounts } from './accounts/index.js';
import type { CacheScan } from './cache/index.js';
import { createAppApi, type DeclaredRoute, type UiAccess } from './app-api/index.js';
import { CATALOG_REFRESH_JOB, CacheIndex, Catalog, LocalHubIndex, RefreshScheduler, createCatalogClient, refreshJob } from './catalog/index.js';
import { HubRegistry, endpointTokens } from './credentials/index.js';
import { DownloadEngine, engineOptionsFromConfig } from './download/index.js';
import { appVersion } from './app-info.js';
import { formatBindAddress } from '../shared/server-settings.js';
import type { Config } from './config.js';
import { DATABASE_FILE, SCHEMA_VERSION, WalSync, createDownloadsTable, createSettingsTable, openDatabase, type Db } from './db/index.js';
import { createHttpServer, formatUrlHost, isWildcardHost } from './http/index.js';
import { gitRoutes } from './git/index.js';
import { hubRoutes } from './hub/index.js';
import { createLogger, type Logger } from './logger.js';
import { DOWNLOAD_JOB, downloadJob } from './download/index.js';
import { JobQueue } from './jobs/index.js';
import { ServerSettings, type ListenAddress } from './settings/index.js';
import { createStore, type Store } from './store/index.js';
import { Mirrors, SYNC_MIRROR_JOB, SYNC_PULL_JOB, SYNC_PUSH_JOB, SyncStatusReader, createMirrorScheduler, mirrorJob, openPuller, openPusher, pullJob, pushJob } from './sync/index.js';

export interface Core {
  readonly config: Config;
  /** The root logger; components log through `logger.child({ component })`. */
  readonly logger: Logger;
  readonly db: Db;
  readonly accounts: Accounts;
  readonly store: Store;
  /** Downloads from remote hubs into the HF cache. */
  readonly downloads: DownloadEngine;
  /** The persistent job queue (downloads, catalog refreshes), with progress events. */
  readonly jobs: JobQueue;
  /** Structure tracking; tracked repos are refreshed on their schedules while the server runs. */
  readonly catalog: Catalog;
  /** UI sign-in: the one-time URL `serve` prints, the cookie the desktop shell sets. */
  readonly ui: UiAccess;
  /** The app API's routes and the access each declared (known once start() registered them). */
  appRoutes(): readonly DeclaredRoute[];
  /** Resolves once the HF cache is watched (after start()); changes made after it reach open UIs. */
  cacheWatchReady(): Promise<void>;
  /** Recovers the store, creates the bootstrap user if needed, and listens. */
  start(): Promise<{ url: string }>;
  /** Closes the server, the database and the log. Safe to call more than once, or without start. */
  stop(): Promise<void>;
}

export { DATABASE_FILE } from './db/index.js';

/** In-flight requests (long downloads) get this long to finish once stop() is called. */
const DRAIN_MS = 5000;
/** Garbage collection runs this long after start, then at this interval. */
const GC_FIRST_DELAY_MS = 60_000;
const GC_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Builds the whole core from a config: the composition root. Nothing listens until start(). */
export function createCore(config: Config): Core {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const logs = createLogger({ dataDir: config.dataDir, level: config.logLevel, console: config.dev });
  const log = logs.logger.child({ component: 'core' });

  let db: Db;
  const dbFile = join(config.dataDir, DATABASE_FILE);
  try {
    // NORMAL: a COMMIT does not wait on the disk on the event loop's thread (12 ms each, measured
    // under the soak's load, with every other request queued behind it); replies to writes wait
    // for walSync instead, one fsync on the thread pool for all of them.
    db = openDatabase(dbFile, { synchronous: 'normal' });
  } catch (error) {
    log.error({ err: error }, 'could not open the database');
    void logs.close();
    throw error;
  }
  const walSync = new WalSync(db, dbFile);
  const accounts = createAccounts(db);
  const settings = new ServerSettings({ table: createSettingsTable(db), config });
  const store = createStore({ db, dataDir: config.dataDir, lfsThreshold: () => settings.lfsThreshold() });
  // Every commit of the local hub is catalogued in its own transaction.
  const hubIndex = new LocalHubIndex({ db, store }).attach();
  // The HF cache is catalogued whenever the app scans it, one scan at a time.
  const cacheIndex = new CacheIndex({ db });
  let cacheIndexing: Promise<unknown> = Promise.resolve();
  // Repos committed while no index listened (older versions, tools on the store) are caught up after start.
  const stopBackfill = new AbortController();
  let backfilling: Promise<void> | undefined;
  const indexCache = (scan: CacheScan): void => {
    cacheIndexing = cacheIndexing
      .then(() => (stopping ? undefined : cacheIndex.index(scan)))
      .then(readLocalFacts)
      .catch((error: unknown) => log.warn({ err: error, cacheDir: scan.cacheDir }, 'could not catalogue the HF cache'));
  };
  // Model facts of hub and cache revisions are read from this disk after they are indexed, one pass
  // at a time; calls while one is queued join it.
  let factsReading: Promise<void> = Promise.resolve();
  let factsQueued = false;
  const readLocalFacts = (): void => {
    if (factsQueued) return;
    factsQueued = true;
    factsReading = factsReading
      .then(async () => {
        factsQueued = false;
        if (stopping) return;
        // The Library shows facts as columns: a read tells open windows to load them.
        if ((await catalog.readLocalFacts(stopBackfill.signal)) > 0) appApi.libraryChanged();
      })
      .catch((error: unknown) => {
        if (!stopBackfill.signal.aborted) log.warn({ err: error }, 'could not read the model facts of local revisions');
      });
  };
  store.onRefsChanged({ refsChanged: readLocalFacts, repoMoved: () => undefined, repoDeleted: () => undefined });
  const hubs = new HubRegistry(config.dataDir, [{ id: 'hf', name: 'Hugging Face', endpoint: config.hf.endpoint, token: undefined }]);
  const downloads = new DownloadEngine({
    ...engineOptionsFromConfig(config.hf, { store: createDownloadsTable(db), tokens: endpointTokens(config.hf, hubs) }),
    // "Download to cache" of content the hub holds (its own repos, pulled mirrors) shares the store's bytes.
    localContent: (hash, size) => store.contentFile(hash, size),
  });
  const jobs = new JobQueue({ db });
  const catalogClient = createCatalogClient(config.hf);
  const catalog = new Catalog({ db, client: catalogClient, tokens: endpointTokens(config.hf, hubs), store });
  const pulls = openPuller({ config, db, store, hubs, client: downloads.client });
  jobs.register(SYNC_PULL_JOB, pullJob(pulls.puller));
  const { pusher } = openPusher({ config, db, store, hubs, client: downloads.client });
  jobs.register(SYNC_PUSH_JOB, pushJob(pusher));
  const mirrors = new Mirrors(db);
  jobs.register(SYNC_MIRROR_JOB, mirrorJob(pulls.puller, mirrors));
  const syncLog = logs.logger.child({ component: 'sync' });
  const mirrorScheduler = createMirrorScheduler({ mirrors, jobs, onError: (error) => syncLog.error({ err: error }, 'could not schedule mirrors') });
  const syncStatus = new SyncStatusReader({ store, db, mirrors, client: downloads.client, tokens: endpointTokens(config.hf, hubs), catalog });
  const appApi = createAppApi({
    dataDir: config.dataDir,
    settings,
    accounts,
    store,
    ownerName: () => config.bootstrapUser ?? accounts.listUsers()[0]?.name ?? 'owner',
    cacheDir: config.hf.hubCache,
    defaultEndpoint: config.hf.endpoint,
    hubs,
    upstream: downloads.client,
    jobs,
    onCacheScan: indexCache,
    catalog,
    sync: {
      preview: (spec, signal) => pulls.puller.preview(spec, signal ? { signal } : {}),
      pushPreview: (spec, signal) => pusher.preview(spec, signal ? { signal } : {}),
      status: (type, repo, signal) => syncStatus.status(type, repo, signal),
      mirrors: () => mirrors.list(),
      mirror: (id) => mirrors.get(id),
      setMirror: (input) => {
        const mirror = mirrors.set(input);
        mirrorScheduler.check();
        return mirror;
      },
      removeMirror: (id) => mirrors.removeById(id),
    },
  });
  jobs.register(DOWNLOAD_JOB, downloadJob(downloads));
  jobs.register(CATALOG_REFRESH_JOB, refreshJob(catalog));
  const catalogLog = logs.logger.child({ component: 'catalog' });
  const refreshScheduler = new RefreshScheduler({ catalog, jobs, onError: (error) => catalogLog.error({ err: error }, 'could not schedule refreshes') });

  let server: FastifyInstance | undefined;
  let gcTimer: NodeJS.Timeout | undefined;
  let gcRun: Promise<void> | undefined;
  let starting: Promise<{ url: string }> | undefined;
  let cacheWatching: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  async function start(): Promise<{ url: string }> {
    if (stopping) throw new Error('The core has been stopped');
    const recovered = store.recover();
    log.info(recovered, 'store recovered');
    if (config.bootstrapUser !== undefined && config.bootstrapToken !== undefined) {
      if (accounts.bootstrap(config.bootstrapUser, config.bootstrapToken)) {
        log.info({ user: config.bootstrapUser }, 'created the bootstrap user and token');
      } else {
        log.info('users exist already; the bootstrap user and token settings are ignored');
      }
    }
    const listen = settings.listenAddress();
    server = await createHttpServer({
      host: listen.host,
      uiDir: config.uiDir,
      logger: logs.logger,
      accounts,
      durability: walSync,
      health: { version: appVersion(), schema: SCHEMA_VERSION },
      routes: [
        hubRoutes({
          accounts,
          store,
          uploads: { multipartThreshold: config.multipartThreshold, multipartChunkSize: config.multipartChunkSize },
        }),
        gitRoutes({ accounts, store, agent: `hubkeeper/${appVersion()}` }),
        appApi.routes,
      ],
    });
    try {
      await server.listen({ host: listen.host, port: listen.port });
    } catch (error) {
      throw listen.fromSettings ? savedAddressError(error, listen) : error;
    }
    const address = server.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : listen.port;
    const urlHost = isWildcardHost(listen.host) ? '127.0.0.1' : listen.host;
    const url = `http://${formatUrlHost(urlHost)}:${port}`;
    log.info({ host: listen.host, port, url, dataDir: config.dataDir, addressFromSettings: listen.fromSettings }, 'listening');
    scheduleGarbageCollection(GC_FIRST_DELAY_MS);
    downloads.forgetStaleTransfers();
    jobs.start();
    refreshScheduler.start();
    const watchLog = logs.logger.child({ component: 'watch' });
    cacheWatching = appApi.watchCache((error) => watchLog.warn({ err: error }, 'watching the HF cache failed')).catch((error: unknown) =>
      watchLog.warn({ err: error, cacheDir: config.hf.hubCache }, 'could not watch the HF cache'),
    );
    mirrorScheduler.start();
    backfilling = hubIndex.backfill(stopBackfill.signal).then(
      (report) => {
        log.info(report, 'local hub catalogued');
        readLocalFacts();
      },
      (error: unknown) => log.error({ err: error }, 'could not catalogue the local hub'),
    );
    return { url };
  }

  function scheduleGarbageCollection(delay: number): void {
    gcTimer = setTimeout(() => {
      const gcLog = logs.logger.child({ component: 'gc' });
      gcRun = store.collectGarbage(config.gcGraceSeconds * 1000).then(
        (report) => gcLog.info(report, 'garbage collected'),
        (error: unknown) => gcLog.error({ err: error }, 'garbage collection failed'),
      ).finally(() => {
        if (!stopping) scheduleGarbageCollection(GC_INTERVAL_MS);
      });
    }, delay);
    gcTimer.unref();
  }

  async function stop(): Promise<void> {
    await starting?.catch(() => undefined);
    clearTimeout(gcTimer);
    stopBackfill.abort();
    await backfilling;
    await factsReading;
    await gcRun;
    if (server) {
      const open = server;
      const drain = setTimeout(() => open.server.closeAllConnections(), DRAIN_MS);
      drain.unref();
      try {
        await open.close();
      } finally {
        clearTimeout(drain);
      }
    }
    refreshScheduler.stop();
    mirrorScheduler.stop();
    await jobs.stop();
    await pulls.close();
    await catalogClient.close();
    await cacheWatching;
    await appApi.close();
    await cacheIndexing;
    await downloads.close();
    // What a CLI command (or anything without a reply) wrote is on disk before it says it is done.
    if (walSync.pending()) await walSync.sync();
    db.close();
    log.info('stopped');
    await logs.close();
  }

  return {
    config,
    logger: logs.logger,
    db,
    accounts,
    store,
    downloads,
    jobs,
    catalog,
    ui: appApi.ui,
    appRoutes: () => appApi.declaredRoutes(),
    cacheWatchReady: async () => {
      await starting;
      await cacheWatching;
    },
    start: () => (starting ??= start()),
    stop: () => (stopping ??= stop()),
  };
}

/** A saved bind address that cannot be used: say where it came from and how to start anyway. */
function savedAddressError(error: unknown, listen: ListenAddress): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `Cannot listen on ${formatBindAddress(listen)}, the bind address saved in Settings (${reason}); ` +
      'start with --host and --port (or HUBKEEPER_HOST and HUBKEEPER_PORT) to use another address',
    { cause: error },
  );
}
