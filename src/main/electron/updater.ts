import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { shouldCheckForUpdates, UPDATE_CHECK_INTERVAL_MS } from './update-policy.js';

export interface Updater {
  stop(): void;
}

/** Checks for updates now and every few hours, notifying through the OS; a no-op when not applicable. */
export function startUpdater(onError: (error: unknown) => void): Updater {
  const hasUpdateConfig = app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml'));
  if (!shouldCheckForUpdates({ isPackaged: app.isPackaged, hasUpdateConfig })) return { stop: () => {} };

  const { autoUpdater } = electronUpdater;
  const check = (): void => {
    autoUpdater.checkForUpdatesAndNotify().catch(onError);
  };
  check();
  const timer = setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
