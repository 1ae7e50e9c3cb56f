// Entry point of the desktop app: wiring only. Everything testable lives in the pure modules beside it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, clipboard, dialog, type BrowserWindow } from 'electron';
import { openLinkHash } from '../../shared/deep-link.js';
import { loadConfig } from '../config.js';
import { createCore } from '../core.js';
import { registerBridgeHandlers } from './bridge-handlers.js';
import { deepLinkInArgv, protocolClientArgs } from './deep-link-launch.js';
import { startJobFeedback, type JobFeedback } from './job-feedback.js';
import { createQuitSequence } from './quit-sequence.js';
import { createTray, type AppTray } from './tray.js';
import { startUpdater, type Updater } from './updater.js';
import { uiUrl } from './window-policy.js';
import { createMainWindow, type MainWindow } from './window.js';

const STOP_TIMEOUT_MS = 10_000;

function logError(error: unknown): void {
  console.error('[hubkeeper]', error);
}

function runDesktopApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const preloadPath = join(dirname(fileURLToPath(import.meta.url)), 'preload.cjs');
  // resources/icon.png ships inside the app (electron-builder `files`), so the same path works packaged.
  const iconPath = join(app.getAppPath(), 'resources', 'icon.png');
  let core: ReturnType<typeof createCore> | undefined;
  let coreUrl: string | undefined;
  let main: MainWindow | undefined;
  const mainWindow = (): BrowserWindow | undefined => main?.window;
  let tray: AppTray | undefined;
  let jobFeedback: JobFeedback | undefined;
  let updater: Updater | undefined;

  // The quit sequence stops the core gracefully (jobs queued again), then the app starts anew.
  const restart = (): void => {
    app.relaunch();
    app.quit();
  };
  // The core runs in this process: an error that escapes it is shown in the window, with a restart.
  process.on('uncaughtException', (error) => {
    logError(error);
    main?.showFailure({ kind: 'core-failed', message: error.message });
  });

  // A link that arrives before the core is up (first launch) waits for the window.
  const firstLink = deepLinkInArgv(process.argv);
  let pendingHash: string | undefined = firstLink === undefined ? undefined : openLinkHash(firstLink);

  /** Shows the window, at a UI location when given (a deep link, a notification's job screen). */
  const showWindow = (hash?: string): void => {
    if (coreUrl === undefined || core === undefined) {
      pendingHash = hash ?? pendingHash;
      return;
    }
    const window = mainWindow();
    if (window === undefined || window.isDestroyed()) {
      const sessionCookie = core.ui.ownerCookie();
      const at = hash ?? pendingHash;
      pendingHash = undefined;
      main = createMainWindow({ coreUrl, sessionCookie, preloadPath, iconPath, appVersion: app.getVersion(), onError: logError, onRestart: restart, ...(at === undefined ? {} : { hash: at }) });
      return;
    }
    if (hash !== undefined) window.loadURL(`${uiUrl(coreUrl)}${hash}`).catch(logError);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const openDeepLink = (link: string | undefined): void => showWindow(link === undefined ? undefined : openLinkHash(link));

  const quitSequence = createQuitSequence({
    stop: async () => {
      jobFeedback?.stop();
      updater?.stop();
      tray?.destroy();
      await core?.stop();
    },
    quit: () => app.quit(),
    timeoutMs: STOP_TIMEOUT_MS,
    onError: logError,
  });

  app.on('before-quit', (event) => quitSequence.onBeforeQuit(event));
  registerBridgeHandlers({
    coreUrl: () => coreUrl,
    roots: () => (core === undefined ? [] : [core.config.dataDir, core.config.hf.hubCache]),
    updater: () => updater,
    onError: logError,
  });
  const [scheme, launcher, launcherArgs] = protocolClientArgs({ defaultApp: process.defaultApp, execPath: process.execPath, argv: process.argv });
  if (!app.setAsDefaultProtocolClient(scheme, launcher, launcherArgs)) logError(new Error(`could not register ${scheme}:// links`));
  // Windows and Linux hand a link to the running instance on its command line; macOS sends open-url.
  app.on('second-instance', (_event, argv) => openDeepLink(deepLinkInArgv(argv)));
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openDeepLink(url);
  });
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const start = async (): Promise<void> => {
    await app.whenReady();
    core = createCore(loadConfig(process.env, {}));
    const started = await core.start();
    coreUrl = started.url;
    showWindow();
    tray = createTray(iconPath, {
      show: () => showWindow(),
      copyEndpoint: () => clipboard.writeText(started.url),
      pauseAll: () => jobFeedback?.pauseAll(),
      quit: () => app.quit(),
    });
    jobFeedback = startJobFeedback({ core, window: mainWindow, tray: () => tray, open: showWindow, onError: logError });
    updater = startUpdater(logError);
  };

  start().catch(async (error: unknown) => {
    logError(error);
    dialog.showErrorBox('HubKeeper could not start', error instanceof Error ? error.message : String(error));
    await core?.stop().catch(logError);
    app.exit(1);
  });
}

runDesktopApp();
