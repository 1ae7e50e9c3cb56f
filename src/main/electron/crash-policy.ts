/** Something that went wrong under the window: its page did not load, or its renderer process died. */
export type WindowFailure =
  | { readonly kind: 'load-failed'; readonly errorCode: number; readonly errorDescription: string; readonly url: string; readonly isMainFrame: boolean }
  | { readonly kind: 'renderer-gone'; readonly reason: string; readonly exitCode: number }
  | { readonly kind: 'core-failed'; readonly message: string };

/** What the window shows instead of a blank page, and what its button does. */
export interface FailurePage {
  readonly title: string;
  readonly detail: string;
  /** `restart` relaunches the app (core and all); `reload` loads the UI again. */
  readonly action: 'restart' | 'reload';
}

/** Chromium's net::ERR_ABORTED: a navigation replaced by another, not a failure. */
const ERR_ABORTED = -3;

/** Whether a failure gets the error page, and which one; undefined leaves the window as it is. */
export function failurePage(failure: WindowFailure): FailurePage | undefined {
  switch (failure.kind) {
    case 'load-failed':
      if (!failure.isMainFrame || failure.errorCode === ERR_ABORTED || failure.url.startsWith('data:')) return undefined;
      return {
        title: 'The HubKeeper core is not answering',
        detail: `The window could not load ${failure.url} (${failure.errorDescription || `error ${failure.errorCode}`}). Restarting HubKeeper starts the core again; downloads resume where they stopped.`,
        action: 'restart',
      };
    case 'renderer-gone':
      if (failure.reason === 'clean-exit') return undefined;
      return {
        title: 'The HubKeeper window stopped',
        detail: `Its page ended (${failure.reason}, exit code ${failure.exitCode}). The core is still running: reload the window to go on.`,
        action: 'reload',
      };
    case 'core-failed':
      return {
        title: 'The HubKeeper core stopped',
        detail: `${failure.message}. Restarting HubKeeper starts it again; downloads resume where they stopped.`,
        action: 'restart',
      };
  }
}

/** The URL the error page's button navigates to; the window catches it and never loads it. */
export const FAILURE_ACTION_URL = 'hubkeeper-window://failure-action';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The small static error page (no script: the button is a link the window intercepts). */
export function failurePageHtml(page: FailurePage): string {
  const label = page.action === 'restart' ? 'Restart HubKeeper' : 'Reload the window';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(page.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1rem;color:#222}
@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#eee}}
a.button{display:inline-block;margin-top:1rem;padding:.5rem 1rem;border-radius:6px;background:#2f6feb;color:#fff;text-decoration:none}</style>
</head><body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.detail)}</p>
<a class="button" href="${FAILURE_ACTION_URL}">${label}</a></body></html>`;
}

/** The page as a URL the window can load. */
export function failurePageUrl(page: FailurePage): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(failurePageHtml(page))}`;
}
