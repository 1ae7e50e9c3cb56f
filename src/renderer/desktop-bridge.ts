import { DESKTOP_BRIDGE_KEY, type DesktopBridge, type RevealResult } from '../shared/desktop-bridge.js';

/** The shell's answer, checked: anything unexpected becomes a failure with a plain reason. */
function toRevealResult(value: unknown): RevealResult {
  if (typeof value === 'object' && value !== null && Reflect.get(value, 'ok') === true) return { ok: true };
  const problem: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'problem') : undefined;
  return { ok: false, problem: typeof problem === 'string' ? problem : 'The desktop app could not open the folder' };
}

/** The preload's bridge when the UI runs in the desktop app; undefined in a plain browser. */
export function readDesktopBridge(scope: object = globalThis): DesktopBridge | undefined {
  const value: unknown = Reflect.get(scope, DESKTOP_BRIDGE_KEY);
  if (typeof value !== 'object' || value === null) return undefined;
  const appVersion: unknown = Reflect.get(value, 'appVersion');
  const platform: unknown = Reflect.get(value, 'platform');
  const revealPath: unknown = Reflect.get(value, 'revealPath');
  if (typeof appVersion !== 'string' || typeof platform !== 'string' || typeof revealPath !== 'function') return undefined;
  return {
    appVersion,
    platform,
    revealPath: async (path) => {
      try {
        return toRevealResult(await Reflect.apply(revealPath, value, [path]));
      } catch {
        return { ok: false, problem: 'The desktop app could not open the folder' };
      }
    },
  };
}
