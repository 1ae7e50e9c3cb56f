import { BrowserWindow, shell } from 'electron';
import { sessionCookieDetails, type SessionCookie } from './session-cookie.js';
import { FAILURE_ACTION_URL, failurePage, failurePageUrl, type WindowFailure } from './crash-policy.js';
import { classifyNavigation, mainWindowOptions, uiUrl, type MainWindowOptionsInput } from './window-policy.js';

export interface MainWindowInput extends MainWindowOptionsInput {
  /** Base URL of the running core, as returned by `core.start()`. */
  readonly coreUrl: string;
  /** The owner's session cookie, set before the UI loads so the window is signed in. */
  readonly sessionCookie: SessionCookie;
  /** A UI location to open at (`#/open?url=…` for a deep link); the Library when absent. */
  readonly hash?: string;
  readonly onError: (error: unknown) => void;
  /** Relaunches the app (the error page's Restart button). */
  readonly onRestart: () => void;
}

export interface MainWindow {
  readonly window: BrowserWindow;
  /** Replaces the page with the error page for `failure`, when the policy says so. */
  showFailure(failure: WindowFailure): void;
}

/** Opens the UI of the core in a sandboxed window that can only ever show the core's pages. */
export function createMainWindow(input: MainWindowInput): MainWindow {
  const window = new BrowserWindow(mainWindowOptions(input));
  const coreOrigin = new URL(input.coreUrl).origin;
  const contents = window.webContents;

  const openExternally = (url: string): void => {
    if (classifyNavigation(url, coreOrigin) === 'external') shell.openExternal(url).catch(input.onError);
  };
  const load = (): void => void window.loadURL(`${uiUrl(input.coreUrl)}${input.hash ?? ''}`).catch(input.onError);
  let failureAction: 'restart' | 'reload' | undefined;
  const showFailure = (failure: WindowFailure): void => {
    const page = failurePage(failure);
    if (page === undefined || window.isDestroyed()) return;
    failureAction = page.action;
    window.loadURL(failurePageUrl(page)).catch(input.onError);
  };
  const guard = (event: { preventDefault(): void; url: string }): void => {
    if (event.url === FAILURE_ACTION_URL) {
      // The error page's button: restart the app, or load the UI again.
      event.preventDefault();
      const action = failureAction;
      failureAction = undefined;
      if (action === 'restart') input.onRestart();
      else if (action === 'reload') load();
      return;
    }
    if (classifyNavigation(event.url, coreOrigin) === 'core') return;
    event.preventDefault();
    openExternally(event.url);
  };

  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);

  contents.on('did-fail-load', (_event, errorCode, errorDescription, url, isMainFrame) => {
    showFailure({ kind: 'load-failed', errorCode, errorDescription, url, isMainFrame });
    // A window that never got to show its page still shows the error.
    if (!window.isVisible()) window.show();
  });
  contents.on('render-process-gone', (_event, details) => showFailure({ kind: 'renderer-gone', reason: details.reason, exitCode: details.exitCode }));

  window.once('ready-to-show', () => window.show());
  // Without the cookie the UI still loads, and offers to sign in with a token.
  contents.session.cookies.set(sessionCookieDetails(input.coreUrl, input.sessionCookie)).then(load, (error: unknown) => {
    input.onError(error);
    load();
  });
  return { window, showFailure };
}
