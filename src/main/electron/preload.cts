// Runs in the sandboxed renderer: it can require only `electron` (no relative modules), so the
// shared constants are repeated here as literals and checked against their types.
import electron = require('electron');
import type { AppVersionArg, DesktopBridge, DesktopBridgeKey, RevealPathChannel, RevealResult } from '../../shared/desktop-bridge.js';

const bridgeKey: DesktopBridgeKey = 'hubkeeper';
const versionArg: AppVersionArg = '--hubkeeper-app-version=';
const revealChannel: RevealPathChannel = 'hubkeeper:reveal-path';

const bridge = {
  appVersion: process.argv.find((arg) => arg.startsWith(versionArg))?.slice(versionArg.length) ?? 'unknown',
  platform: process.platform,
  // The main process checks the path; only a string crosses over.
  revealPath: (path: string) => electron.ipcRenderer.invoke(revealChannel, String(path)) as Promise<RevealResult>,
} satisfies DesktopBridge;

electron.contextBridge.exposeInMainWorld(bridgeKey, bridge);
