// Entry point of the desktop app: wiring only. Everything testable lives in the pure modules beside it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, clipboard, dialog, ipcMain, type BrowserWindow, type Tray } from 'electron';
import { REVEAL_PATH_CHANNEL } from '../../shared/desktop-bridge.js';
import { loadConfig } from '../config.js';
import { createCore } from '../core.js';
import { createQuitSequence } from './quit-sequence.js';
import { createRevealHandler } from './reveal-handler.js';
import { createTray } from './tray.js';
import { startUpdater, type Updater } from './updater.js';
import { createMainWindow } from './window.js';

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
  let mainWindow: BrowserWindow | undefined;
  let tray: Tray | undefined;
  let updater: Updater | undefined;

  const showWindow = (): void => {
    if (coreUrl === undefined || core === undefined) return;
    if (mainWindow === undefined || mainWindow.isDestroyed()) {
      const sessionCookie = core.ui.ownerCookie();
      mainWindow = createMainWindow({ coreUrl, sessionCookie, preloadPath, iconPath, appVersion: app.getVersion(), onError: logError });
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const quitSequence = createQuitSequence({
    stop: async () => {
      updater?.stop();
      tray?.destroy();
      await core?.stop();
    },
    quit: () => app.quit(),
    timeoutMs: STOP_TIMEOUT_MS,
    onError: logError,
  });

  app.on('before-quit', (event) => quitSequence.onBeforeQuit(event));
  ipcMain.handle(
    REVEAL_PATH_CHANNEL,
    createRevealHandler({
      coreUrl: () => coreUrl,
      roots: () => (core === undefined ? [] : [core.config.dataDir, core.config.hf.hubCache]),
    }),
  );
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
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
      show: showWindow,
      copyEndpoint: () => clipboard.writeText(started.url),
      quit: () => app.quit(),
    });
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
