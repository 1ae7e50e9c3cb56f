import { DESKTOP_BRIDGE_KEY, type DesktopBridge } from '../shared/desktop-bridge.js';

/** The preload's bridge when the UI runs in the desktop app; undefined in a plain browser. */
export function readDesktopBridge(scope: object = globalThis): DesktopBridge | undefined {
  const value: unknown = Reflect.get(scope, DESKTOP_BRIDGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const appVersion: unknown = Reflect.get(value, 'appVersion');
  const platform: unknown = Reflect.get(value, 'platform');
  if (typeof appVersion !== 'string' || typeof platform !== 'string') return undefined;
  return { appVersion, platform };
}
