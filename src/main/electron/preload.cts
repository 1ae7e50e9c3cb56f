// Runs in the sandboxed renderer: it can require only `electron` (no relative modules), so the
// shared constants are repeated here as literals and checked against their types.
import electron = require('electron');
import type { AppVersionArg, DesktopBridge, DesktopBridgeKey } from '../../shared/desktop-bridge.js';

const bridgeKey: DesktopBridgeKey = 'hubkeeper';
const versionArg: AppVersionArg = '--hubkeeper-app-version=';

const bridge = {
  appVersion: process.argv.find((arg) => arg.startsWith(versionArg))?.slice(versionArg.length) ?? 'unknown',
  platform: process.platform,
} satisfies DesktopBridge;

electron.contextBridge.exposeInMainWorld(bridgeKey, bridge);
