/**
 * The one object the Electron preload exposes to the renderer (`window.desktop`), frozen. In a
 * plain browser it is absent, and the UI must work without it: everything else goes over HTTP,
 * and each call here has a web fallback (src/renderer/desktop-bridge.ts).
 */
export interface DesktopBridge {
  readonly appVersion: string;
  /** Node's `process.platform` of the desktop app: `linux`, `darwin`, `win32`, ... */
  readonly platform: string;
  /** Opens the OS file manager at a path inside the data folder or the HF cache. */
  revealPath(path: string): Promise<RevealResult>;
  /** The OS folder picker; null when the user cancels. */
  pickFolder(request: PickFolderRequest): Promise<string | null>;
  /** Opens an https link in the OS browser (never inside the app window). */
  openExternal(url: string): Promise<BridgeResult>;
  /** The app's self-update, as far as this build has one. */
  updateStatus(): Promise<UpdateStatus>;
  checkForUpdate(): Promise<UpdateStatus>;
  /** Restarts into a downloaded update. */
  installUpdate(): Promise<BridgeResult>;
}

/** The shell's answer to an action: never a rejection, so the UI can show the reason. */
export type BridgeResult = { readonly ok: true } | { readonly ok: false; readonly problem: string };
export type RevealResult = BridgeResult;

export interface PickFolderRequest {
  /** The dialog's title ("Move the Hugging Face cache to…"). */
  readonly title: string;
  /** An absolute folder the dialog opens at. */
  readonly defaultPath?: string;
}

export const UPDATE_STATES = ['unsupported', 'idle', 'checking', 'up-to-date', 'downloading', 'ready', 'error'] as const;
export type UpdateState = (typeof UPDATE_STATES)[number];

export interface UpdateStatus {
  readonly state: UpdateState;
  /** The version found (downloading, ready). */
  readonly version?: string;
  /** What went wrong (error), or why there are no updates (unsupported). */
  readonly problem?: string;
}

/** The IPC channels behind the bridge's calls (preload -> main process), one per call. */
export const DESKTOP_CHANNELS = {
  revealPath: 'hubkeeper:reveal-path',
  pickFolder: 'hubkeeper:pick-folder',
  openExternal: 'hubkeeper:open-external',
  updateStatus: 'hubkeeper:update-status',
  checkForUpdate: 'hubkeeper:update-check',
  installUpdate: 'hubkeeper:update-install',
} as const;
export type DesktopChannels = typeof DESKTOP_CHANNELS;

/** The IPC channel behind `revealPath`. */
export const REVEAL_PATH_CHANNEL = DESKTOP_CHANNELS.revealPath;

/** Name of the global (`window.desktop`) the preload exposes the bridge under. */
export const DESKTOP_BRIDGE_KEY = 'desktop';
export type DesktopBridgeKey = typeof DESKTOP_BRIDGE_KEY;

/**
 * The sandboxed preload cannot read the app version itself, so the main process passes it as a
 * renderer command-line argument (`webPreferences.additionalArguments`) with this prefix.
 */
export const APP_VERSION_ARG = '--hubkeeper-app-version=';
export type AppVersionArg = typeof APP_VERSION_ARG;
