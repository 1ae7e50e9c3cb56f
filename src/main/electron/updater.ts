import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { BridgeResult, UpdateStatus } from '../../shared/desktop-bridge.js';
import { initialUpdateStatus, nextUpdateStatus, shouldCheckForUpdates, UPDATE_CHECK_INTERVAL_MS, type UpdaterEvent } from './update-policy.js';

export interface Updater {
  status(): UpdateStatus;
  /** Checks now; resolves with the status once the check has an answer. */
  check(): Promise<UpdateStatus>;
  /** Quits and installs a downloaded update. */
  install(): BridgeResult;
  stop(): void;
}

/** Checks for updates now and every few hours, notifying through the OS; reports "unsupported" when not applicable. */
export function startUpdater(onError: (error: unknown) => void): Updater {
  const policy = { isPackaged: app.isPackaged, hasUpdateConfig: app.isPackaged && existsSync(join(process.resourcesPath, 'app-update.yml')) };
  let status = initialUpdateStatus(policy);
  if (!shouldCheckForUpdates(policy)) {
    return { status: () => status, check: () => Promise.resolve(status), install: () => ({ ok: false, problem: status.problem ?? 'No update' }), stop: () => {} };
  }

  const { autoUpdater } = electronUpdater;
  const apply = (event: UpdaterEvent): void => {
    status = nextUpdateStatus(status, event);
  };
  autoUpdater.on('checking-for-update', () => apply({ type: 'checking' }));
  autoUpdater.on('update-available', (info) => apply({ type: 'available', version: info.version }));
  autoUpdater.on('update-not-available', () => apply({ type: 'not-available' }));
  autoUpdater.on('update-downloaded', (info) => apply({ type: 'downloaded', version: info.version }));
  autoUpdater.on('error', (error) => apply({ type: 'error', message: error.message }));
  const check = async (): Promise<UpdateStatus> => {
    await autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => {
      onError(error);
      apply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return status;
  };
  void check();
  const timer = setInterval(() => void check(), UPDATE_CHECK_INTERVAL_MS);
  return {
    status: () => status,
    check,
    install: () => {
      if (status.state !== 'ready') return { ok: false, problem: 'No update has been downloaded yet' };
      autoUpdater.quitAndInstall();
      return { ok: true };
    },
    stop: () => clearInterval(timer),
  };
}
