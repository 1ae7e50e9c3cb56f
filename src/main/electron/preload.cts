// Runs in the sandboxed renderer: it can require only `electron` (no relative modules), so the
// shared constants are repeated here as literals and checked against their types.
import electron = require('electron');
import type { AppVersionArg, BridgeResult, DesktopBridge, DesktopBridgeKey, DesktopChannels, RevealResult, UpdateStatus } from '../../shared/desktop-bridge.js';

const bridgeKey: DesktopBridgeKey = 'desktop';
const versionArg: AppVersionArg = '--hubkeeper-app-version=';
const channels: DesktopChannels = {
  revealPath: 'hubkeeper:reveal-path',
  pickFolder: 'hubkeeper:pick-folder',
  openExternal: 'hubkeeper:open-external',
  updateStatus: 'hubkeeper:update-status',
  checkForUpdate: 'hubkeeper:update-check',
  installUpdate: 'hubkeeper:update-install',
};
const invoke = electron.ipcRenderer.invoke.bind(electron.ipcRenderer);

// Only plain values cross over; the main process checks the sender and every argument again.
const bridge = Object.freeze({
  appVersion: process.argv.find((arg) => arg.startsWith(versionArg))?.slice(versionArg.length) ?? 'unknown',
  platform: process.platform,
  revealPath: (path: string) => invoke(channels.revealPath, String(path)) as Promise<RevealResult>,
  pickFolder: (request: { title: string; defaultPath?: string }) =>
    invoke(channels.pickFolder, { title: String(request.title), ...(request.defaultPath === undefined ? {} : { defaultPath: String(request.defaultPath) }) }) as Promise<string | null>,
  openExternal: (url: string) => invoke(channels.openExternal, String(url)) as Promise<BridgeResult>,
  updateStatus: () => invoke(channels.updateStatus) as Promise<UpdateStatus>,
  checkForUpdate: () => invoke(channels.checkForUpdate) as Promise<UpdateStatus>,
  installUpdate: () => invoke(channels.installUpdate) as Promise<BridgeResult>,
} satisfies DesktopBridge);

electron.contextBridge.exposeInMainWorld(bridgeKey, bridge);
