import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_VERSION_ARG } from '../../shared/desktop-bridge.js';

/** `core`: stays in the window; `external`: may be handed to the OS browser; `blocked`: neither. */
export type NavigationTarget = 'core' | 'external' | 'blocked';

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Where a URL the window wants to load may go. Only https leaves the app, and only to the OS browser. */
export function classifyNavigation(url: string, coreOrigin: string): NavigationTarget {
  const target = parseUrl(url);
  const core = parseUrl(coreOrigin);
  if (target === undefined || core === undefined) return 'blocked';
  // Opaque origins (file:, data:, blob: of another page, ...) serialise as "null": never ours.
  if (target.origin !== 'null' && target.origin === core.origin) return 'core';
  if (target.protocol === 'https:' && target.username === '' && target.password === '') return 'external';
  return 'blocked';
}

/** Whether the app window may navigate to `url`: only pages of the core it was opened on. */
export function isAllowedNavigation(url: string, coreOrigin: string): boolean {
  return classifyNavigation(url, coreOrigin) === 'core';
}

/** The renderer's entry page on a running core (`start()` returns the core's base URL). */
export function uiUrl(coreUrl: string): string {
  return new URL('/-/ui/', coreUrl).href;
}

export interface MainWindowOptionsInput {
  readonly preloadPath: string;
  readonly appVersion: string;
  readonly iconPath?: string;
}

export function mainWindowOptions(input: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'HubKeeper',
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    ...(input.iconPath === undefined ? {} : { icon: input.iconPath }),
    webPreferences: {
      preload: input.preloadPath,
      additionalArguments: [`${APP_VERSION_ARG}${input.appVersion}`],
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
