/**
 * The one object the Electron preload exposes to the renderer. In a plain browser it is absent,
 * and the UI must work without it: everything else goes over HTTP.
 */
export interface DesktopBridge {
  readonly appVersion: string;
  /** Node's `process.platform` of the desktop app: `linux`, `darwin`, `win32`, ... */
  readonly platform: string;
  /** Opens the OS file manager at a path inside the data folder or the HF cache. */
  revealPath(path: string): Promise<RevealResult>;
}

/** The shell's answer to `revealPath`: never a rejection, so the UI can show the reason. */
export type RevealResult = { readonly ok: true } | { readonly ok: false; readonly problem: string };

/** The IPC channel behind `revealPath` (preload -> main process). */
export const REVEAL_PATH_CHANNEL = 'hubkeeper:reveal-path';
export type RevealPathChannel = typeof REVEAL_PATH_CHANNEL;

/** Name of the global (`window.hubkeeper`) the preload exposes the bridge under. */
export const DESKTOP_BRIDGE_KEY = 'hubkeeper';
export type DesktopBridgeKey = typeof DESKTOP_BRIDGE_KEY;

/**
 * The sandboxed preload cannot read the app version itself, so the main process passes it as a
 * renderer command-line argument (`webPreferences.additionalArguments`) with this prefix.
 */
export const APP_VERSION_ARG = '--hubkeeper-app-version=';
export type AppVersionArg = typeof APP_VERSION_ARG;
