import { BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import { DESKTOP_CHANNELS, type BridgeResult, type UpdateStatus } from '../../shared/desktop-bridge.js';
import { checkExternalUrl, checkNoArguments, checkPickFolderRequest } from './bridge-requests.js';
import { createRevealHandler } from './reveal-handler.js';
import { isTrustedSender } from './reveal-path.js';
import type { Updater } from './updater.js';

export interface BridgeHandlersInput {
  /** The core's base URL once it runs; only its pages may call. */
  readonly coreUrl: () => string | undefined;
  /** The data folder and the HF cache folder (what revealPath may show). */
  readonly roots: () => readonly string[];
  readonly updater: () => Updater | undefined;
  readonly onError: (error: unknown) => void;
}

const UNTRUSTED: BridgeResult = { ok: false, problem: 'Only HubKeeper’s own pages may use the desktop app' };
const NO_UPDATER: UpdateStatus = { state: 'unsupported', problem: 'The updater is not running' };

/** The main-process side of the preload bridge: every call checks its sender and its arguments first. */
export function registerBridgeHandlers(input: BridgeHandlersInput): void {
  const trusted = (event: IpcMainInvokeEvent): boolean => isTrustedSender(event.senderFrame?.url, input.coreUrl());

  ipcMain.handle(DESKTOP_CHANNELS.revealPath, createRevealHandler({ coreUrl: input.coreUrl, roots: input.roots }));

  ipcMain.handle(DESKTOP_CHANNELS.pickFolder, async (event, ...args: unknown[]): Promise<string | null> => {
    const request = checkPickFolderRequest(args[0]);
    if (!trusted(event) || args.length !== 1 || !request.ok) return null;
    const owner = BrowserWindow.fromWebContents(event.sender);
    const options = { title: request.value.title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[], ...(request.value.defaultPath === undefined ? {} : { defaultPath: request.value.defaultPath }) };
    const picked = owner === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(owner, options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  });

  ipcMain.handle(DESKTOP_CHANNELS.openExternal, async (event, ...args: unknown[]): Promise<BridgeResult> => {
    if (!trusted(event)) return UNTRUSTED;
    const url = checkExternalUrl(args[0], input.coreUrl());
    if (args.length !== 1 || !url.ok) return { ok: false, problem: url.ok ? 'expected one link' : url.problem };
    try {
      await shell.openExternal(url.value);
      return { ok: true };
    } catch (error) {
      input.onError(error);
      return { ok: false, problem: 'The system could not open the link' };
    }
  });

  ipcMain.handle(DESKTOP_CHANNELS.updateStatus, (event, ...args: unknown[]): UpdateStatus => {
    if (!trusted(event) || !checkNoArguments(args).ok) return NO_UPDATER;
    return input.updater()?.status() ?? NO_UPDATER;
  });

  ipcMain.handle(DESKTOP_CHANNELS.checkForUpdate, async (event, ...args: unknown[]): Promise<UpdateStatus> => {
    if (!trusted(event) || !checkNoArguments(args).ok) return NO_UPDATER;
    return (await input.updater()?.check()) ?? NO_UPDATER;
  });

  ipcMain.handle(DESKTOP_CHANNELS.installUpdate, (event, ...args: unknown[]): BridgeResult => {
    if (!trusted(event)) return UNTRUSTED;
    const none = checkNoArguments(args);
    if (!none.ok) return none;
    return input.updater()?.install() ?? { ok: false, problem: NO_UPDATER.problem ?? '' };
  });
}
